"""The client: the card, their details, exporting or erasing everything held about them."""
