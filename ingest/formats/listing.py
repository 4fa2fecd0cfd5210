"""Parse NEMWEB's IIS directory listing pages into entries.

A listing is one `<pre>` block of lines separated by `<br>`:

    Thursday, September 2, 2021 12:55 PM         3062 <A HREF="/Reports/...zip">NAME</A>
    Friday, May 12, 2017 10:56 AM        &lt;dir&gt; <A HREF="/Reports/.../DUPLICATE/">DUPLICATE</A>

The modified time is as the server shows it (naive, the server's local clock). Links are resolved
by their path against the listing's own URL: IIS writes root-relative links, but saved copies of
listings carry absolute links to nemweb.com.au, and an entry must point at the server that listed
it.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from urllib.parse import urljoin, urlsplit

_LINE = re.compile(
    r"(?P<modified>\w+,\s+\w+\s+\d{1,2},\s+\d{4}\s+\d{1,2}:\d{2}\s+[AP]M)\s+"
    r"(?P<size>\d+|<dir>)\s+"
    r'<a\s+href="(?P<href>[^"]+)"\s*>(?P<name>[^<]+)</a>',
    re.IGNORECASE,
)
_MODIFIED_FORMAT = "%A, %B %d, %Y %I:%M %p"


class ListingError(ValueError):
    """A page that is not an IIS directory listing."""


@dataclass(frozen=True)
class ListingEntry:
    name: str
    url: str
    modified: datetime
    size: int | None
    is_dir: bool


def parse_listing(html: str, url: str) -> list[ListingEntry]:
    """Every file and directory entry of a listing page fetched from `url`, in page order."""
    if "<pre>" not in html.lower():
        raise ListingError(f"{url}: not an IIS directory listing (no <pre> block)")
    return [_entry(match, url) for match in _LINE.finditer(unescape(html))]


def _entry(match: re.Match[str], listing_url: str) -> ListingEntry:
    size = match["size"]
    is_dir = size.lower() == "<dir>"
    path = urlsplit(match["href"]).path
    return ListingEntry(
        name=match["name"].strip(),
        url=urljoin(listing_url, path),
        modified=datetime.strptime(" ".join(match["modified"].split()), _MODIFIED_FORMAT),
        size=None if is_dir else int(size),
        is_dir=is_dir,
    )
