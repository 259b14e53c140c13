"""What every section of the Inoperatividad workspace shares: the context, the catalogues and
the attention points read once (not once per section), and the current user's own point.

The point is read again the first time a section asks after the user changed, whichever
section that is, so no section depends on the order in which the hub calls them.
"""

from __future__ import annotations

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import AttentionPointView
from swat_desktop.gui.context import AppContext
from swat_desktop.services import inoperatividad


class Workplace:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.catalogue = inoperatividad.catalogue(ctx.store)
        self.points = inoperatividad.attention_points(ctx.store)
        self._point_of: tuple[UserProfile, AttentionPointView | None] | None = None

    @property
    def point(self) -> AttentionPointView | None:
        """The current user's own attention point (a CAC supervisor's), or None."""
        user = self.ctx.user
        if self._point_of is None or self._point_of[0] != user:
            self._point_of = (user, inoperatividad.user_point(self.ctx.store, user))
        return self._point_of[1]

    @property
    def point_id(self) -> int | None:
        point = self.point
        return point.id if point is not None else None
