"""The one picture check shared by the library and the newsletter."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from recoverynet.core import images
from recoverynet.core.errors import ApplicationError
from tests.hostile_files import bomb_png, small_png

FORMATS = ("PNG", "JPEG")


def test_a_real_picture_is_judged_from_its_content() -> None:
    checked = images.check_image(small_png(), formats=FORMATS, field="image")
    assert (checked.format, checked.content_type, checked.extension) == ("PNG", "image/png", ".png")
    assert (checked.width, checked.height) == (3, 2)


@pytest.mark.parametrize("size", [(30_000, 30_000), (10_000, 10_000), (8_001, 5_000)])
def test_a_picture_claiming_too_many_pixels_is_refused_before_decoding(
    size: tuple[int, int],
) -> None:
    # 900 million pixels makes Pillow raise, 100 million makes it warn, 40,005,000 is just over ours.
    with pytest.raises(ApplicationError) as caught:
        images.check_image(bomb_png(*size), formats=FORMATS, field="files", shown="huge.png")
    error = caught.value
    assert error.status == 422 and error.field == "files" and error.code == "image_not_allowed"
    assert error.message.startswith("huge.png has too many pixels.")
    assert "40 million pixels" in error.message


def test_a_format_not_on_the_list_is_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="GIF")
    with pytest.raises(ApplicationError) as caught:
        images.check_image(out.getvalue(), formats=FORMATS, field="image", code="nope")
    assert caught.value.code == "nope"
    assert caught.value.message == (
        "This file is not a picture we can read. Upload a PNG or JPEG picture."
    )


def test_a_damaged_picture_is_refused() -> None:
    with pytest.raises(ApplicationError, match="not a picture we can read"):
        images.check_image(small_png()[:40], formats=FORMATS, field="image")
