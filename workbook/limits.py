"""Limits that keep one team's workbook usable for everyone on the server.

The largest real municipality (Saaremaa vald) has 437 settlement units; a team maps
its communities, not every address, so 2,000 leaves room to spare while keeping
every page, the map and the exports quick (see ``benchmarks/team_limit.py``).
"""

from __future__ import annotations

#: Communities one team's workbook may hold (the service refuses more).
MAX_COMMUNITIES_PER_TEAM = 2000

#: Largest websocket message a page may send its kernel (Tornado's default is 10 MiB).
#: Widget traffic is small; the biggest is a file upload (``FileUpload`` sends the file
#: as one binary buffer), which the importers cap at 5 MB (``io/importers/base.py``):
#: 8 MiB lets such a file, and a somewhat larger one that the import then refuses with
#: a message, through, and closes the connection on anything bigger.
WEBSOCKET_MAX_BYTES = 8 * 1024 * 1024
