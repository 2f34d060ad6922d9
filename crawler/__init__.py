"""The crawler: polite, incremental discovery and fetching of news and ministry sites with Scrapy.

Sites are data (config.yaml sources); the one spider applies the discovery strategies in
``crawler.discovery`` to whatever a source gives (homepage, feeds, sitemaps, listings, search)."""
