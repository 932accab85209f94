"""Reading and writing files: importers (and later exporters); no widgets."""
