"""The personal-data engine (issue #16): reads every app's `personal_data.py` declarations
(`registry`), checks them (`check`), and applies them: scheduled purge (`purge`), subject access
(`export`), erasure (`erasure`). Declaration types: `recoverynet.core.personal_data`."""
