"""Page furniture of the demo sites: reader comments, ads, footer links, trap link texts.

None of this is article content; it is the noise real pages carry around the article, picked
deterministically per page so a crawl sees the same bytes every time.
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass

logger = logging.getLogger(__name__)

COMMENTERS = ("رضا از خرم‌آباد", "مریم", "ناشناس", "یک شهروند بروجردی", "علی‌اکبر", "کاظم",
              "فاطمه از دورود", "امید", "خواننده همیشگی", "حسین ک.")

COMMENT_TEXTS = (
    "ممنون از پیگیری‌تان. کاش درباره وضعیت جاده‌های روستایی لرستان هم گزارش تهیه کنید.",
    "این وعده‌ها را سال‌هاست می‌شنویم؛ امیدواریم این بار عملی شود.",
    "لطفاً نام روستای ما را هم در فهرست طرح‌ها بیاورید، هنوز آب لوله‌کشی نداریم.",
    "خبر خوبی بود، دست مسئولان درد نکند.",
    "چرا هیچ‌وقت زمان دقیق اجرا را اعلام نمی‌کنید؟",
    "در شهر ما هنوز هیچ تغییری دیده نمی‌شود.",
    "گزارش کاملی بود. متشکرم.",
    "بهتر است از مردم محلی هم نظرخواهی شود.",
    "این مشکل فقط مخصوص یک استان نیست، همه جا همین است.",
    "امیدوارم پیگیری کنید و نتیجه را هم اطلاع دهید.",
)

AD_TEXTS = ("خرید اقساطی لوازم خانگی با کمترین پیش‌پرداخت", "ثبت‌نام دوره‌های آموزش زبان انگلیسی",
            "تور کیش ویژه آذرماه با تخفیف", "بیمه تکمیلی خانواده؛ استعلام آنلاین",
            "آموزش برنامه‌نویسی از صفر تا صد", "فروش ویژه لاستیک زمستانی")

#: Titles for links to pages that no longer exist (deleted items in «پربازدیدها»).
DELETED_TITLES = ("جزئیات تازه از تغییرات مدیریتی در یک اداره کل استانی",
                  "فهرست نهایی پذیرفته‌شدگان آزمون استخدامی اعلام شد")

LIVE_TITLE = "پوشش زنده: مشروح رویدادهای امروز استان‌ها"

#: Sentences to pad the huge live-coverage page; general, never Lorestan-specific.
LIVE_UPDATES = ("به‌روزرسانی: خبرنگاران ما در حال تهیه گزارش از محل هستند.",
                "جزئیات بیشتر به‌زودی منتشر می‌شود.",
                "تصاویر جدید از محل رویداد دریافت شد.",
                "این صفحه هر چند دقیقه به‌روزرسانی می‌شود.")


@dataclass(frozen=True)
class Comment:
    author: str
    text: str
    when: str


def pick(seq: tuple[str, ...], key: str) -> str:
    return seq[zlib.crc32(key.encode()) % len(seq)]


def comments_for(item_id: str, *, every: int = 3, when_labels: tuple[str, ...] = ("۲ ساعت پیش", "دیروز", "۳ روز پیش")) -> list[Comment]:
    """Reader comments for one article: about one article in ``every`` has 1–3 of them."""
    seed = zlib.crc32(f"comments|{item_id}".encode())
    if seed % every:
        return []
    count = 1 + seed % 3
    return [Comment(author=COMMENTERS[(seed + 3 * i) % len(COMMENTERS)],
                    text=COMMENT_TEXTS[(seed // 7 + 5 * i) % len(COMMENT_TEXTS)],
                    when=when_labels[i % len(when_labels)]) for i in range(count)]


def ads_for(page_key: str, count: int = 2) -> list[str]:
    seed = zlib.crc32(page_key.encode())
    return [AD_TEXTS[(seed + i) % len(AD_TEXTS)] for i in range(count)]

#: A draft left reachable through an admin preview link (robots.txt disallows the preview path).
DRAFT_TITLE = "پیش‌نویس: نشست هماهنگی معاونان استانی برای طرح‌های اشتغال روستایی برگزار شد"
DRAFT_LEAD = "معاونان استانی وزارتخانه در نشستی برنامه اجرای طرح‌های اشتغال روستایی در نیمه دوم سال را بررسی کردند."
DRAFT_BODY = (
    "در این نشست گزارش پیشرفت طرح‌های اشتغال روستایی و عشایری در استان‌ها ارائه شد.",
    "قرار شد سهمیه تسهیلات هر استان بر اساس عملکرد شش ماه نخست سال بازنگری شود.",
    "متن نهایی این خبر پس از تأیید روابط عمومی منتشر خواهد شد.",
)
