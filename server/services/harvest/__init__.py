"""The harvest kit: facts about the graph, sitemap and feed, DCAT-AP catalog, VoID, dumps."""
