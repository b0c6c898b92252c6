"""The page registry: the one place a page is named.

Each page's script, title, icon, sidebar section, settings groups and the module that draws
it are written here once. Everything else asks the registry: the sidebar, the previous/next
links, the lesson builder's start page, link paths, and the `{{step:id}}` references in the
prose (so no text ever writes "page 4" by hand). Pure Python: no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WALK = "The chain-rule walk"
BEYOND = "Beyond the first network"  # course-2 steps: walked like the walk's, not numbered
# Which groups of settings each kind of page lets the learner change.
WALK_GROUPS = ("network", "walk", "data")
TRAIN_GROUPS = ("data", "network", "training")
LESSON_GROUPS = ("data", "network", "training", "walk")


@dataclass(frozen=True)
class Page:
    id: str  # the name prose and code use for it: "dZ2", "transpose", "playground"
    script: str  # its file, relative to the app's root; the file name is its URL
    title: str  # without the step number, which the registry adds to walk steps
    icon: str
    section: str
    module: str  # the module whose render(ctx) draws the page's body
    groups: tuple[str, ...] = WALK_GROUPS
    content: str = ""  # its prose file under content/<lang>/ (default: the id)
    number: int | None = None  # position in the walk, set below

    @property
    def label(self) -> str:
        """The title as the sidebar and the page heading show it: "4 · dZ2 = A2 − Y"."""
        return f"{self.number} · {self.title}" if self.number else self.title

    @property
    def doc(self) -> str:
        return self.content or self.id


_PAGES = (
    Page("home", "app.py", "Home", ":material/home:", "Start", "ui.home"),
    Page("forward", "pages/01_Forward_pass.py", "Forward pass", ":material/arrow_forward:",
         WALK, "ui.walk.forward", content="steps/forward"),
    Page("cost", "pages/02_Loss_and_cost.py", "Loss and cost", ":material/target:", WALK,
         "ui.walk.cost", content="steps/cost"),
    Page("sigmoid", "pages/03_Sigmoid_derivative.py", "dL/dA2 and σ′", ":material/show_chart:",
         WALK, "ui.walk.sigmoid", content="steps/sigmoid"),
    Page("dZ2", "pages/04_dZ2.py", "dZ2 = A2 − Y", ":material/south:", WALK, "ui.walk.dZ2",
         content="steps/dZ2"),
    Page("dW2", "pages/05_dW2_db2.py", "dW2 and db2", ":material/balance:", WALK,
         "ui.walk.dW2", content="steps/dW2"),
    Page("transpose", "pages/06_dA1_transpose.py", "dA1 = W2ᵀ dZ2", ":material/swap_horiz:",
         WALK, "ui.walk.transpose", content="steps/transpose"),
    Page("dZ1", "pages/07_dZ1.py", "dZ1 = dA1 * g[1]′(Z1)", ":material/grain:", WALK,
         "ui.walk.dZ1", content="steps/dZ1"),
    Page("dW1", "pages/08_dW1_db1.py", "dW1 and db1", ":material/balance:", WALK,
         "ui.walk.dW1", content="steps/dW1"),
    Page("check", "pages/09_Gradient_check.py", "Check it yourself", ":material/fact_check:",
         WALK, "ui.walk.check", content="steps/check"),
    Page("deeper", "pages/10_Deeper_networks.py", "Deeper networks", ":material/stacks:", WALK,
         "ui.walk.deeper", content="steps/deeper"),
    Page("softmax", "pages/14_Softmax.py", "Softmax: dZ = A − Y",
         ":material/hub:", BEYOND, "ui.walk.softmax", content="steps/softmax"),
    Page("l2", "pages/15_L2_regularisation.py", "L2: dW + (λ/m) W",
         ":material/compress:", BEYOND, "ui.walk.l2", content="steps/l2"),
    Page("dropout", "pages/16_Dropout.py", "Dropout: the same mask",
         ":material/grid_off:", BEYOND, "ui.walk.dropout", content="steps/dropout"),
    Page("optimizers", "pages/17_Optimizers.py", "Optimizers: momentum, RMSprop, Adam",
         ":material/speed:", BEYOND, "ui.walk.optimizers", content="steps/optimizers"),
    Page("playground", "pages/11_Training_playground.py", "Training playground",
         ":material/exercise:", "Train", "ui.playground.page", groups=TRAIN_GROUPS),
    Page("own_data", "pages/12_Your_data.py", "Your own data", ":material/upload_file:",
         "Classroom", "ui.classroom.own_data", groups=("data",)),
    Page("lesson", "pages/13_Lesson_and_export.py", "Lesson links and export",
         ":material/link:", "Classroom", "ui.classroom.page", groups=LESSON_GROUPS),
)


def _numbered(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    walk = [p.id for p in pages if p.section == WALK]
    return tuple(Page(**{**p.__dict__, "number": walk.index(p.id) + 1}) if p.section == WALK
                 else p for p in pages)


PAGES: tuple[Page, ...] = _numbered(_PAGES)
BY_ID = {p.id: p for p in PAGES}
BY_SCRIPT = {p.script: p for p in PAGES}
HOME = PAGES[0]
STEPS = tuple(p for p in PAGES if p.section == WALK)


def page(page_id: str) -> Page:
    return BY_ID[page_id]


def of_file(path: str | Path) -> Page:
    """The page whose script is `path` (a page passes its own `__file__`)."""
    path = Path(path)
    script = path.name if path.parent.name != "pages" else f"pages/{path.name}"
    return BY_SCRIPT[script]


def neighbours(page_id: str) -> tuple[Page | None, Page | None]:
    """The pages before and after `page_id` in the sidebar's order."""
    i = PAGES.index(BY_ID[page_id])
    return (PAGES[i - 1] if i > 0 else None), (PAGES[i + 1] if i + 1 < len(PAGES) else None)


def step_ref(page_id: str) -> str:
    """How prose names another page: "step 4" for a walk step, else its title in italics."""
    p = BY_ID[page_id]
    return f"step {p.number}" if p.number else f"*{p.title}*"


_PAGE_NAME = re.compile(r"([0-9]*)[_ -]*(.*)\.py")  # Streamlit's rule for a page's URL path


def url_path(page_id: str) -> str:
    """The URL path of a page: pages/04_dZ2.py → "dZ2"; the home page → ""."""
    p = BY_ID[page_id]
    if p is HOME:
        return ""
    match = _PAGE_NAME.search(Path(p.script).name)
    return re.sub(r"[_ ]+", "_", match.group(2)).strip() if match else ""
