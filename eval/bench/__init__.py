"""`make bench`: this project against the stock Rasa starter bot, side by side."""
