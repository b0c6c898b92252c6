"""The training playground: gradient descent animated on 2D data.

page (controls, the animation, the frame slider), stops (the words for an early stop),
views (the charts at one frame), course (the assignment's experiment), animation (the
canvas player and its payload). Its prose is content/<lang>/playground.md.
"""

from ui import nav

DOC = nav.page("playground").doc  # the content file every playground module reads
