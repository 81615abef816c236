"""条例第二十条's fifteen items and 第二十一条's local items."""

import pytest

from gongkai.format.format2021 import B1, B5, B6, B8
from gongkai.publications import ARTICLE_20, PublicationError, categories_for, category


def test_article_20_has_fifteen_items_in_order_with_the_article_words():
    assert len(ARTICLE_20) == 15
    assert ARTICLE_20[0].label == "行政法规、规章和规范性文件"
    assert ARTICLE_20[7].label == "行政事业性收费项目及其依据、标准"
    assert ARTICLE_20[14].citation == "第二十条第（十五）项"


def test_table_2_captions_name_the_same_items():
    assert {B1, B5, B6, B8} <= {c.citation for c in ARTICLE_20}
    assert category(B8).id == "administrative_fees"


def test_township_gets_article_21_township_items_and_not_county_ones():
    shorts = {c.short for c in categories_for("township")}
    assert {"宅基地使用情况审核", "筹资筹劳", "农村土地承包经营权流转"} <= shorts
    assert "治安管理" not in shorts
    assert "治安管理" in {c.short for c in categories_for("county")}
    assert len(categories_for("other")) == 15


def test_unknown_level_or_category_is_a_chinese_error():
    with pytest.raises(PublicationError, match="机关层级"):
        categories_for("province")
    with pytest.raises(PublicationError, match="第二十条"):
        category("天气预报")
