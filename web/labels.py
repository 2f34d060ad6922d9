"""Persian names of the values the dashboard shows, and the values its forms accept."""

from __future__ import annotations

KINDS = {"news": "خبر", "interview": "گفت‌وگو", "report": "گزارش", "photo": "عکس", "note": "یادداشت"}
RELEVANCE = {"about": "درباره‌ی لرستان", "mention": "اشاره به لرستان", "none": "نامرتبط"}
LEVELS = {"national": "ملی", "provincial": "استانی"}
ROLES = {"viewer": "بیننده", "analyst": "تحلیلگر", "admin": "مدیر"}
SOURCE_KINDS = {"news_agency": "خبرگزاری", "newspaper": "روزنامه", "broadcaster": "صداوسیما",
                "ministry": "وزارتخانه", "provincial_outlet": "رسانه‌ی استانی", "other": "دیگر"}
RUN_STATUS = {"running": "در حال اجرا", "ok": "موفق", "partial": "ناقص", "failed": "ناموفق",
              "interrupted": "قطع‌شده"}
FIELDS = {"relevance": "ارتباط", "agency": "دستگاه", "kind": "نوع"}
# The value an agency filter or correction uses for "credited to no agency".
NO_AGENCY = "-"
