"""The rapporteur's side: importing exchange files, the exchange actions, the merge view."""
