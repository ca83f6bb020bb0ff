"""The site's own pages and guards beyond Datasette's (publish stage): login, a duty's page with
its follow-up, the guide, exports, and what anonymous readers may not see. The vanban Datasette
plugin (datasette/plugins/vanban.py) registers them."""
