"""The ontology, SHACL shapes, vocabularies and the mapping from the model to graph terms."""
