from ui.shell.page import run

run(__file__)
