"""vanban: who must do what, by when, in Vietnamese official documents.

Stages, each a module or package named for what it does, data flowing one way:
read → normalize → structure → extract → store → publish (datasette, calendar).
"""

__version__ = "0.1.0"
