"""The platform (集约化, issue 27): many sites built, watched and searched together. A layer above ``build``:
it may import any govsite module, and nothing in govsite imports it."""
