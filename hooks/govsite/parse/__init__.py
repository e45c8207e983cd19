"""Reading editor files: errors (Chinese, collected), bounded YAML, the schema declarations'
machinery, Markdown front matter and links, and the declared settings of ``extra.gov``."""
