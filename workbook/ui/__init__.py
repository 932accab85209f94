"""ipywidgets pages; the only package that imports ipywidgets (and later ipyleaflet)."""
