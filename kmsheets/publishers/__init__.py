"""Where letters go: a local folder (the default) or a Google Drive folder, as Google Docs."""

from __future__ import annotations

from ..config import Config
from .base import Progress, Published, Publisher, Rendered


def open_publisher(config: Config, backend: object = None, *, pdf: bool = False) -> Publisher:
    """The publisher for `[letters] output`; a Google one shares the Google backend's connection."""
    if config.letters.output == "google":
        from .google import GooglePublisher

        client = getattr(backend, "client", None)
        if client is None:
            from ..google_api import connect

            client = connect(config)
        return GooglePublisher(config.letters.folder, client, concurrency=config.letters.concurrency)
    from .local import LocalPublisher

    return LocalPublisher(config.path(config.letters.folder), pdf=pdf)


def letters_location(config: Config) -> str:
    """Where this config's letters are: the local folder's path, or the Drive folder's address."""
    if config.letters.output == "google":
        return f"https://drive.google.com/drive/folders/{config.letters.folder}"
    return str(config.path(config.letters.folder))


__all__ = ["Progress", "Published", "Publisher", "Rendered", "letters_location", "open_publisher"]
