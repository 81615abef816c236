"""Public URLs (namespace ``disclosure``, no login), mounted at /gongkai/.  Item addresses are stable:
/gongkai/<机关编号>/xxgk/<索引号>/.  (The online application pages under /gongkai/ are the cases app's:
``cases/online_urls.py``.)"""

from django.urls import path

from . import feeds, public

app_name = "disclosure"
urlpatterns = [
    path("", public.index, name="index"),
    path("feed/atom/", feeds.LatestItemsAtom(), name="feed_atom"),
    path("feed/rss/", feeds.LatestItems(), name="feed_rss"),
    path("<int:agency_id>/guide/", public.guide, name="guide"),
    path("<int:agency_id>/xxgk/", public.catalogue, name="catalogue"),
    path("<int:agency_id>/xxgk/<str:number>/", public.item, name="item"),
    path("<int:agency_id>/xxgk/<str:number>/files/<int:aid>/", public.item_attachment, name="item_attachment"),
    path("<int:agency_id>/feed/atom/", feeds.LatestItemsAtom(), name="agency_feed_atom"),
    path("<int:agency_id>/feed/rss/", feeds.LatestItems(), name="agency_feed_rss"),
]
