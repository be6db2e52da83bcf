"""The Statistics page: the service's anonymised figures for a period, drawn with QPainter."""
