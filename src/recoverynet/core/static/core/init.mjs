// Starts the NHS.UK frontend components. Loaded as a module, so it only runs in browsers the
// design system supports; every page works without it.
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
