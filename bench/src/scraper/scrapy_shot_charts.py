"""The baseline of bench:scraper: the same shot-chart crawl as apps/scraper's `shot-charts` spider,
written the usual Scrapy way (CSS selectors on parsel/lxml, regexes for the tips), run with the same
concurrency, robots.txt obeyed, politeness off. Items are built in full and dropped (no pipeline),
as the engine-only run of ours does. Prints Scrapy's stats as one JSON line at the end.
"""
import json
import re
import sys
from datetime import date, timedelta

import scrapy
from scrapy.crawler import CrawlerProcess

PERIOD = re.compile(r"^(\d+)(?:st|nd|rd|th) (quarter|OT), (\d{1,2}):(\d{2})(?:\.(\d))? remaining$")
SHOT = re.compile(r"^(.+) (made|missed) ([23])-pointer from (\d+) ft$")
SCORE = re.compile(r"^(.+?) (now )?(leads|trails|tied) (\d+)-(\d+)$")
STYLE_TOP = re.compile(r"top\s*:\s*(-?\d+(?:\.\d+)?)px")
STYLE_LEFT = re.compile(r"left\s*:\s*(-?\d+(?:\.\d+)?)px")
GAME_ID = re.compile(r"/(\d{4})(\d{2})(\d{2})0([A-Z]{3})\.html?$")


class ShotChartsSpider(scrapy.Spider):
    name = "shot-charts"

    def __init__(self, base, start, end, **kwargs):
        super().__init__(**kwargs)
        self.base = base.rstrip("/")
        self.allowed_domains = [re.sub(r"^https?://([^/:]+).*$", r"\1", base)]
        self.start_day = date.fromisoformat(start)
        self.end_day = date.fromisoformat(end)

    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        day = self.start_day
        while day <= self.end_day:
            yield scrapy.Request(
                f"{self.base}/boxscores/?month={day.month}&day={day.day}&year={day.year}",
                callback=self.parse_day,
            )
            day += timedelta(days=1)

    def parse_day(self, response):
        for href in response.css("div.game_summary td.gamelink a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_box_score)

    def parse_box_score(self, response):
        players = {}
        for table in response.css('table[id^="box-"][id$="-game-basic"]'):
            team = table.attrib["id"][4:7]
            players[team] = {
                cell.css("::text").get("").strip(): cell.attrib["data-append-csv"]
                for cell in table.css("tbody th[data-append-csv]")
            }
        chart = response.css('a[href*="/shot-chart/"]::attr(href)').get()
        if chart:
            yield response.follow(chart, callback=self.parse_chart, cb_kwargs={"players": players})

    def parse_chart(self, response, players):
        game = GAME_ID.search(response.url)
        home = game.group(4)
        for area in response.css('div[id^="shots-"]'):
            team = area.attrib["id"][6:]
            for number, marker in enumerate(area.css("div.tooltip"), start=1):
                classes = marker.attrib.get("class", "").split()
                lines = marker.attrib.get("tip", "").split("<br>")
                period = PERIOD.match(lines[0])
                shot = SHOT.match(lines[1])
                score = SCORE.match(lines[2])
                style = marker.attrib.get("style", "")
                top = float(STYLE_TOP.search(style).group(1))
                left = float(STYLE_LEFT.search(style).group(1))
                ordinal = int(period.group(1))
                tenths = int(period.group(3)) * 600 + int(period.group(4)) * 10 + int(period.group(5) or 0)
                own, other = int(score.group(4)), int(score.group(5))
                is_home = team == home
                yield {
                    "game_id": f"{game.group(1)}{game.group(2)}{game.group(3)}0{home}",
                    "game_date": f"{game.group(1)}-{game.group(2)}-{game.group(3)}",
                    "shot_id": f"{team}-{number}",
                    "player_name": shot.group(1),
                    "bbref_player_id": players.get(team, {}).get(shot.group(1)),
                    "team": team,
                    "period": ordinal if period.group(2) == "quarter" else 4 + ordinal,
                    "minutes_remaining": tenths // 600,
                    "seconds_remaining": (tenths % 600) // 10,
                    "period_seconds_remaining": tenths / 10,
                    "shot_made": "make" in classes and shot.group(2) == "made",
                    "shot_type": "3PT Field Goal" if shot.group(3) == "3" else "2PT Field Goal",
                    "shot_distance": int(shot.group(4)),
                    "x_ft": left / 10,
                    "y_ft": top * 47 / 472,
                    "loc_x": 250 - left,
                    "loc_y": round((top * 47 / 472 - 5.25) * 10, 1),
                    "home_score": own if is_home else other,
                    "visitor_score": other if is_home else own,
                }


def main():
    base, start, end, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    process = CrawlerProcess(
        settings={
            "USER_AGENT": "scrapy-baseline/1.0 (+https://github.com/tributary-data/tributary)",
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "RETRY_TIMES": 2,
        }
    )
    crawler = process.create_crawler(ShotChartsSpider)
    process.crawl(crawler, base=base, start=start, end=end)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({key: value for key, value in stats.items() if isinstance(value, (int, float, str))}, default=str))


if __name__ == "__main__":
    main()
