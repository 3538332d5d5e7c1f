"""Components that plug cleaner into the tools that run it at scale.

Each module here imports its framework and is installed with an extra of its own
(``pip install 'cleaner[scrapy]'``, ``[datatrove]``, ``[dask]``, ``[spark]``,
``[datasets]``, or ``[all]``); the core never imports this package.

- :mod:`cleaner.integrations.scrapy`: item pipeline, spider middleware and add-on.
- :mod:`cleaner.integrations.datatrove`: ``CleanerExtractor``, a drop-in for datatrove's
  ``Trafilatura`` extractor.
- :mod:`cleaner.integrations.frames`: pandas batches, the unit Dask, Spark and Hugging Face
  ``datasets`` hand to a worker; :mod:`~cleaner.integrations.dask`,
  :mod:`~cleaner.integrations.spark` and :mod:`~cleaner.integrations.huggingface` wrap it.
"""
