"""Files in the Discord fake: a multipart body read as Discord stores it, and what Discord reports
back about an upload (its media type from the bytes, an image's size, an embed's `attachment://`
image turned into the upload's url)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from aiohttp import web


@dataclass(frozen=True)
class Upload:
    """One file from a multipart body, as Discord would store it."""

    filename: str
    data: bytes
    content_type: str


async def read_body(request: web.Request) -> tuple[dict, list[Upload]]:
    """A JSON body, or a multipart one: `payload_json` and `files[n]` parts, in index order."""
    if not request.content_type.startswith("multipart/"):
        return await request.json(), []
    payload: dict = {}
    files: dict[int, Upload] = {}
    async for part in await request.multipart():
        name = getattr(part, "name", None) or ""
        if name == "payload_json":
            payload = json.loads(await part.text())  # type: ignore[union-attr]
        elif name.startswith("files[") and name.endswith("]"):
            files[int(name[6:-1])] = Upload(part.filename or "", bytes(await part.read()),  # type: ignore[union-attr]
                                            part.headers.get("Content-Type", ""))
    return payload, [files[index] for index in sorted(files)]


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def detected_type(upload: Upload) -> str | None:
    """Discord reports an attachment's media type from its content: discord.py uploads every file
    as application/octet-stream, and a PNG still comes back as image/png."""
    return "image/png" if upload.data.startswith(PNG_SIGNATURE) else upload.content_type or None


def image_size(upload: Upload) -> dict:
    """An image attachment also carries its width and height (a PNG's IHDR chunk holds them)."""
    if not upload.data.startswith(PNG_SIGNATURE) or len(upload.data) < 24:
        return {}
    return {"width": int.from_bytes(upload.data[16:20], "big"), "height": int.from_bytes(upload.data[20:24], "big")}


def shown_embeds(embeds: list[dict], attachments: list[dict]) -> list[dict]:
    """The embeds as Discord returns them: an `attachment://NAME` image becomes that upload's
    CDN url (the rules already refused a name that matches no upload)."""
    by_name = {a["filename"]: a for a in attachments}
    shown = []
    for embed in embeds:
        image = embed.get("image") or {}
        upload = by_name.get((image.get("url") or "").removeprefix("attachment://"))
        if upload is not None and image["url"].startswith("attachment://"):
            embed = {**embed, "image": {"url": upload["url"], "proxy_url": upload["proxy_url"]}}
        shown.append(embed)
    return shown
