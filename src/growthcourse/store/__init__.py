"""Where the learner's data lives: data folder, device identity, the per-device event logs, drafts.

Modules (each one idea; the public API is in each module's docstring):

* ``events``    the Event/HLC contract and its JSON Lines form (``to_json``/``from_json``)
* ``paths``     the config folder, the data folder (``--data-dir`` > env > config > default), config.toml
* ``device``    this machine's id and name, in the config folder (never in the synced data folder)
* ``hlc``       the hybrid logical clock stamping every event
* ``fsutil``    durable appends, atomic replaces, private folders, ``StorageError``
* ``eventlog``  one append-only log per device; reading all of them (conflict copies too); ``merge``
* ``drafts``    per-device reflection drafts (not events: never counted, never exported)
* ``courses``   course copies in the data folder and "the last course used" across devices
* ``datastore`` ``DataStore``: the facade the app and the CLI use
"""
