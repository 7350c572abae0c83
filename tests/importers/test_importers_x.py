"""X (Twitter) archives in their real layouts: the reference's minimal fixture, parts, deleted
tweets, retweets, quotes, replies, DMs, the 2022 singular file name and pre-2019 Grailbird."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_builders import ACCOUNT_JS, refused, tweet, write_folder, write_zip, ytd

from pausecheck.importers import ArchiveError, detect_format, import_all, iter_x
from pausecheck.importers.base import Where
from pausecheck.importers.x_twitter import twitter_time

# The reference's fixture, verbatim: code-point indices, "&amp;" after every entity.
REFERENCE_TWEETS = """window.YTD.tweets.part0 = [{"tweet":{"id_str":"1500","id":"1500","created_at":"Sat Aug 12 16:10:37 +0000 2023",
 "full_text":"\U0001f600 @bob hi https://t.co/abc Tom &amp; Jerry","display_text_range":["0","42"],
 "favorite_count":"0","retweet_count":"0","retweeted":false,"favorited":false,"truncated":false,"lang":"en",
 "entities":{"hashtags":[],"symbols":[],"user_mentions":[{"screen_name":"bob","name":"Bob","id_str":"2002","id":"2002","indices":["2","6"]}],
 "urls":[{"url":"https://t.co/abc","expanded_url":"https://example.com/","display_url":"example.com","indices":["10","26"]}]}}},
 {"tweet":{"id_str":"1501","id":"1501","created_at":"Sun Aug 13 09:00:00 +0000 2023","full_text":"RT @bob: original text\u2026",
 "favorite_count":"0","retweet_count":"0","retweeted":false,"entities":{"user_mentions":[{"screen_name":"bob","id_str":"2002","indices":["3","7"]}],"urls":[],"hashtags":[]}}}]"""
REFERENCE_DMS = """window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":"1001-2002","messages":[{"messageCreate":
 {"id":"9001","senderId":"2002","recipientId":"1001","text":"hey","createdAt":"2020-01-20T21:42:09.068Z","mediaUrls":[],"urls":[],"reactions":[]}},
 {"messageCreate":{"id":"9002","senderId":"1001","recipientId":"2002","text":"see https://t.co/dm","createdAt":"2020-01-20T21:43:00.000Z",
 "mediaUrls":[],"urls":[{"url":"https://t.co/dm","expanded":"https://example.org/x","display":"example.org/x"}],"reactions":[]}},
 {"reactionCreate":{"senderId":"1001","reactionKey":"like","eventId":"9001","createdAt":"2020-01-20T21:44:00.000Z"}}]}}]"""


@pytest.fixture
def reference_zip(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "twitter-2023-08-31-abc.zip",
        {"data/account.js": ACCOUNT_JS, "data/tweets.js": REFERENCE_TWEETS, "data/direct-messages.js": REFERENCE_DMS},
    )


def test_reference_fixture(reference_zip: Path) -> None:
    assert detect_format(reference_zip) == "x"
    own, retweet = import_all(reference_zip)
    assert own.text == "\U0001f600 @bob hi https://example.com/ Tom & Jerry"
    assert own.kind == "post"
    assert own.platform == own.post.platform == "x"
    assert own.platform_id == "1500"
    assert own.url == "https://x.com/cllr_alice/status/1500"
    assert own.created_at == own.post.at == datetime(2023, 8, 12, 16, 10, 37, tzinfo=UTC)
    assert own.post.account == "councillor"
    assert own.source == "twitter-2023-08-31-abc.zip:data/tweets.js#1"
    assert own.own
    assert own.has_text
    assert not own.deleted
    # A retweet is checked as what was republished: the other person's words (Don't 7).
    assert retweet.kind == "repost"
    assert retweet.text == retweet.quoted_text == "original text\u2026"
    assert retweet.quoted_ref == "@bob"


def test_direct_messages_only_when_asked_and_only_your_own(reference_zip: Path) -> None:
    assert [p.kind for p in import_all(reference_zip)] == ["post", "repost"]
    posts = import_all(reference_zip, include_dms=True, account="personal")
    (dm,) = [p for p in posts if p.kind == "message"]
    assert dm.platform_id == "9002"
    assert dm.text == "see https://example.org/x"
    assert dm.in_reply_to == "1001-2002"
    assert dm.url == "https://x.com/messages/1001-2002"
    assert dm.created_at == datetime(2020, 1, 20, 21, 43, tzinfo=UTC)
    assert {p.post.account for p in posts} == {"personal"}
    assert dm.source.endswith("data/direct-messages.js#1.2")


def test_direct_messages_need_account_js(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": REFERENCE_TWEETS, "data/direct-messages.js": REFERENCE_DMS})
    assert len(import_all(path)) == 2  # without DMs the account id is not needed
    refused(path, "cannot be told from those you received", include_dms=True)


def test_parts_deleted_tweets_and_order(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "t.zip",
        {
            "data/account.js": ACCOUNT_JS,
            "data/tweets-part2.js": ytd("tweets", 2, [tweet("30", "third part")]),
            "data/tweets.js": ytd("tweets", 0, [tweet("10", "first part")]),
            "data/tweets-part1.js": ytd("tweets", 1, [tweet("20", "second part")]),
            "data/deleted-tweets.js": ytd("deleted_tweets", 0, [tweet("40", "regretted")]),
            "data/deleted-tweet-headers.js": ytd("deleted_tweet_headers", 0, [{"tweet": {"tweet_id": "40"}}]),
            "data/note-tweet.js": ytd("note_tweet", 0, []),
            "data/tweets_media/10-a.jpg": b"\xff\xd8\xff\xe0 not read",
        },
    )
    posts = import_all(path)
    assert [p.platform_id for p in posts] == ["10", "20", "30", "40"]
    assert [p.deleted for p in posts] == [False, False, False, True]
    assert posts[2].source.endswith("data/tweets-part2.js#1")


def test_singular_file_name_bare_objects_and_no_data_folder(tmp_path: Path) -> None:
    # Before December 2022: tweet.js / window.YTD.tweet.part0; some archives hold bare objects.
    bare = tweet("5", "old style")["tweet"]
    path = write_zip(tmp_path / "t.zip", {"tweet.js": ytd("tweet", 0, [bare], pretty=False) + ";\n"})
    (post,) = import_all(path)
    assert post.text == "old style"
    assert post.url == "https://x.com/i/web/status/5"  # no account.js: no handle


def test_reply_quote_media_and_escapes(tmp_path: Path) -> None:
    tweets = [
        tweet("1", "@bob @carol you are right", in_reply_to_status_id_str="99", in_reply_to_screen_name="bob"),
        tweet("2", "@bob hello", in_reply_to_user_id_str="2002", in_reply_to_screen_name="bob"),
        tweet("3", "So true https://t.co/q", urls=[("https://t.co/q", "https://twitter.com/bob/status/77")]),
        tweet("4", "Look &lt;here&gt; https://t.co/m", media=["https://t.co/m"]),
        tweet("5", "https://t.co/only", media=["https://t.co/only"]),  # a photo with no words: skipped
        tweet(
            "6", "a &amp;amp; b https://t.co/u?a=1&amp;b", urls=[("https://t.co/u?a=1&amp;b", "https://e.com/?a=1&b=2")]
        ),
    ]
    path = write_zip(tmp_path / "t.zip", {"data/account.js": ACCOUNT_JS, "data/tweets.js": ytd("tweets", 0, tweets)})
    posts = {p.platform_id: p for p in import_all(path)}
    assert set(posts) == {"1", "2", "3", "4", "6"}
    assert (posts["1"].kind, posts["1"].in_reply_to) == ("reply", "99")
    assert (posts["2"].kind, posts["2"].in_reply_to) == ("reply", "@bob")
    assert (posts["3"].kind, posts["3"].quoted_ref) == ("quote", "https://twitter.com/bob/status/77")
    assert posts["3"].quoted_text is None  # archives do not carry the quoted tweet
    assert posts["4"].text == "Look <here>"
    assert posts["6"].text == "a &amp; b https://e.com/?a=1&b=2"  # unescaped once; the URL kept as expanded


def test_astral_characters_before_links(tmp_path: Path) -> None:
    # Links are replaced by matching the t.co URL, so the indices' unit (code points or
    # UTF-16) cannot shift them.
    text = "\U0001f600\U0001f600 \U0001d54f https://t.co/a and https://t.co/b"
    path = write_zip(
        tmp_path / "t.zip",
        {
            "tweets.js": ytd(
                "tweets",
                0,
                [
                    tweet(
                        "1",
                        text,
                        urls=[("https://t.co/a", "https://a.example/"), ("https://t.co/b", "https://b.example/")],
                    )
                ],
            )
        },
    )
    (post,) = import_all(path)
    assert post.text == "\U0001f600\U0001f600 \U0001d54f https://a.example/ and https://b.example/"


def test_grailbird_pre_2019_archive(tmp_path: Path) -> None:
    month = 'Grailbird.data.tweets_2012_01 = \n [ {\n  "source" : "web",\n  "entities" : {"user_mentions" : [ ], "media" : [ ], "hashtags" : [ ], "urls" : [ ]},\n  "geo" : { },\n  "id_str" : "1",\n  "text" : "Council meeting tonight",\n  "id" : 1,\n  "created_at" : "2012-01-05 19:34:56 +0000",\n  "user" : {"screen_name" : "cllr_alice"}\n}, {\n  "id_str" : "2", "text" : "RT @bob: the full original", "created_at" : "2012-01-06 08:00:00 +0000",\n  "retweeted_status" : {"id_str" : "77", "text" : "the full original words", "user" : {"screen_name" : "bob"}}\n} ]'
    path = write_folder(
        tmp_path / "tweets", {"data/js/tweets/2012_01.js": month, "data/js/tweet_index.js": "var tweet_index = []"}
    )
    first, retweet = import_all(path)
    assert first.text == "Council meeting tonight"
    assert first.created_at == datetime(2012, 1, 5, 19, 34, 56, tzinfo=UTC)
    assert retweet.kind == "repost"
    assert retweet.text == retweet.quoted_text == "the full original words"
    assert retweet.quoted_ref == "https://x.com/bob/status/77"


def test_a_lone_tweets_js_and_an_extracted_folder(tmp_path: Path) -> None:
    lone = tmp_path / "tweets.js"
    lone.write_text(REFERENCE_TWEETS, encoding="utf-8")
    assert [p.platform_id for p in iter_x(lone)] == ["1500", "1501"]
    assert detect_format(lone) == "x"
    folder = write_folder(tmp_path / "extracted", {"data/account.js": ACCOUNT_JS, "data/tweets.js": REFERENCE_TWEETS})
    assert next(p.url for p in iter_x(folder)) == "https://x.com/cllr_alice/status/1500"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sat Aug 12 16:10:37 +0000 2023", datetime(2023, 8, 12, 16, 10, 37, tzinfo=UTC)),
        ("Mon Jan 02 01:00:00 +0100 2023", datetime(2023, 1, 2, 0, 0, tzinfo=UTC)),
        ("2012-01-05 12:34:56 +0000", datetime(2012, 1, 5, 12, 34, 56, tzinfo=UTC)),
        ("2020-01-20T21:42:09.068Z", datetime(2020, 1, 20, 21, 42, 9, 68000, tzinfo=UTC)),
    ],
)
def test_twitter_times_with_a_fixed_month_table(raw: str, expected: datetime) -> None:
    assert twitter_time(raw, Where("a.zip", "a.zip")) == expected


@pytest.mark.parametrize("raw", ["Sat Foo 12 16:10:37 +0000 2023", "Sat Feb 30 16:10:37 +0000 2023", "yesterday", "3"])
def test_bad_twitter_times_are_refused(raw: str) -> None:
    with pytest.raises(ArchiveError, match="created_at"):
        twitter_time(raw, Where("a.zip", "a.zip"))


def test_a_tweet_with_a_bad_date_names_the_file_and_entry(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "t.zip",
        {"data/tweets.js": ytd("tweets", 0, [tweet("1", "ok"), tweet("2", "bad", created_at="Caturday")])},
    )
    err = refused(path, "is not a Twitter date")
    assert err.member == "data/tweets.js entry 2"
    assert str(err).startswith(f"{path}: data/tweets.js entry 2: created_at 'Caturday'")


def test_numbers_where_strings_belong_are_refused(tmp_path: Path) -> None:
    bad = tweet("1", "x")
    bad["tweet"]["full_text"] = 12
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": ytd("tweets", 0, [bad])})
    refused(path, "full_text should be a string")
