"""The reader: a trained model that tells whether any retrieved sentence answers."""
