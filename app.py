"""Backprop Lab: the home page. It only sets up and routes; the content lives in ui/."""

from ui import home, settings

state = settings.page_setup("Backprop Lab")
home.render(state)
