"""gzip for the answers that grow with the company and are not paged (README, *Compression*): a Lambda's answer is at
most 6 MB. Powertools' own route flag compresses whenever "gzip" appears in Accept-Encoding, `gzip;q=0` (refused)
included; this middleware decides by the header's q-values and says `Vary: Accept-Encoding`."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.middlewares import NextMiddleware


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding value accepts gzip (RFC 9110 12.5.3): `gzip` (or `x-gzip`) with a q above 0, or `*`
    above 0 when gzip is not named."""
    named, wildcard = None, False
    for part in (header or "").split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0  # unreadable: not an acceptance
        coding = coding.lower()
        if coding in ("gzip", "x-gzip"):
            named = bool(named) or quality > 0
        elif coding == "*":
            wildcard = wildcard or quality > 0
    return named if named is not None else wildcard


def gzip_when_accepted(app, next_middleware: NextMiddleware):
    """The route's answer gzip-compressed when the request accepts it (Powertools compresses a Response whose
    `compress` is true and whose request names gzip); a cache keeps the two apart by Vary."""
    response = next_middleware(app)
    response.compress = accepts_gzip(app.current_event.headers.get("accept-encoding"))
    response.headers["Vary"] = "Accept-Encoding"
    return response
