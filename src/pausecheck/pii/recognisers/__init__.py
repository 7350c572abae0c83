"""Recognisers the analyser registers beside Presidio's stock ones, one module per group.

``base`` holds what our own recognisers share; ``phone``, ``address``, ``dates`` and
``references`` are ours; ``presidio_tuned`` adjusts Presidio's own recognisers for UK posts.
"""
