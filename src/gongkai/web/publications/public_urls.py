"""Public URLs (namespace ``disclosure``, no login), mounted at /gongkai/.  Item addresses are stable:
/gongkai/<机关编号>/xxgk/<索引号>/."""

from django.urls import path

from . import feeds, public

app_name = "disclosure"
urlpatterns = [
    path("", public.index, name="index"),
    path("feed/atom/", feeds.LatestItemsAtom(), name="feed_atom"),
    path("feed/rss/", feeds.LatestItems(), name="feed_rss"),
    path("status/", public.status, name="status"),
    path("status/<int:pk>/", public.application, name="application"),
    path("status/<int:pk>/reply/<int:rid>/", public.reply_download, name="reply"),
    path("<int:agency_id>/guide/", public.guide, name="guide"),
    path("<int:agency_id>/xxgk/", public.catalogue, name="catalogue"),
    path("<int:agency_id>/xxgk/<str:number>/", public.item, name="item"),
    path("<int:agency_id>/xxgk/<str:number>/files/<int:aid>/", public.item_attachment, name="item_attachment"),
    path("<int:agency_id>/apply/", public.apply, name="apply"),
    path("<int:agency_id>/apply/done/<str:submission>/", public.applied, name="applied"),
    path("<int:agency_id>/feed/atom/", feeds.LatestItemsAtom(), name="agency_feed_atom"),
    path("<int:agency_id>/feed/rss/", feeds.LatestItems(), name="agency_feed_rss"),
]
