"""Input and output formats: the record contract shared by the command line and the
integrations, and readers for crawl formats. The core never imports this package."""
