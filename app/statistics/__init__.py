"""The service's anonymised statistics: figures for a period, small numbers suppressed."""
