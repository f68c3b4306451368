"""The read-only open-data API (/api/v1/) and the bulk export (/data/, `export_content`)."""
