"""主动公开 on the web: the register with review sign-off, the public 指南/目录/feed, and online
依申请公开 applications.  Thin layer over :mod:`gongkai.publications` and the cases app."""
