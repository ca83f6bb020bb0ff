"""vanban: who must do what, by when, in Vietnamese official documents.

Stages, each a module or package named for what it does; data flows one way and each stage
imports only its own or lower ones (tests/test_layers.py):
model ← read ← normalize ← structure ← extract ← resolve ← store ← publish ← cli.
"""

__version__ = "0.1.0"
