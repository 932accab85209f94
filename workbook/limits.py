"""Limits that keep one team's workbook usable for everyone on the server.

The largest real municipality (Saaremaa vald) has 437 settlement units; a team maps
its communities, not every address, so 2,000 leaves room to spare while keeping
every page, the map and the exports quick (see ``benchmarks/team_limit.py``).
"""

from __future__ import annotations

#: Communities one team's workbook may hold (the service refuses more).
MAX_COMMUNITIES_PER_TEAM = 2000
