"""Simulated users of a province's thidua for `bench/load.py` (locust, headless, loopback only).

LOAD_PLAN names the JSON written by `bench.load_data setup` (records to visit); the user classes named
on locust's command line pick the run: `Ping` (the trivial view, the floor), `PortalOnly` (the public
portal alone, no pause) or the mix (Citizen, Officer, HamletHead, CouncilMember, with pauses). Citizens post through a fresh
X-Forwarded-For address each time: the server runs with BEHIND_PROXY=1 and TRUSTED_PROXIES=127.0.0.1,
so the public forms' per-address limits count each simulated citizen apart, as behind nginx.
"""

import itertools
import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path

from locust import FastHttpUser, between, constant, task

PLAN = (
    json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
    if os.environ.get("LOAD_PLAN")
    else {}
)
_addresses = itertools.count(1)
_voters = itertools.count()


def next_address() -> str:
    n = next(_addresses)
    return f"198.18.{n // 250 % 250}.{n % 250 + 1}"  # the benchmarking range (RFC 2544), only a header


class FormFields(HTMLParser):
    """The fields of the first POST form of a page, filled as a person would: a choice for each radio
    group and select, a number in each empty number box, every checkbox ticked."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self._select: str | None = None
        self._form = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        action = a.get("action") or ""
        if tag == "form" and (a.get("method") or "").lower() == "post" and self._form == 0:
            # the page's own form, not the header's language switch or logout button
            self._form = 0 if ("/i18n/" in action or "logout" in action) else 1
        if self._form != 1:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value") or "")
            elif kind == "checkbox":
                self.fields[name] = a.get("value") or "on"
            elif kind == "number" and not a.get("value"):
                self.fields[name] = str(random.randint(1, 20))
            elif kind not in ("submit", "file", "button"):
                self.fields.setdefault(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and a.get("value") and self._select not in self.fields:
            self.fields[self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form == 1:
            self._form = 2

    def filled(self) -> dict[str, str]:
        data = dict(self.fields)
        for name, values in self.radios.items():
            data[name] = random.choice(values[-3:])  # the better half of a 1–5 scale, mostly
        return data


def taken(response, done: str = "") -> bool:
    """A form is taken when the server answers with a redirect (to `done` when given)."""
    location = response.headers.get("Location") or ""
    return response.status_code in (302, 303) and done in location


def form_of(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.filled()


class Staff(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""
    password = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login (form)")
        data = form_of(page.text or "")
        data.update(username=self.username, password=self.password)
        with self.client.post(
            "/accounts/login/", data=data, name="login", catch_response=True, allow_redirects=False
        ) as r:
            if not taken(r):
                r.failure(f"login refused for {self.username}")

    def post_form(self, url: str, name: str, extra: dict | None = None, done: str = ""):
        """GET the form, POST it filled; taken only when answered by a redirect to `done`."""
        page = self.client.get(url, name=f"{name} (form)")
        data = form_of(page.text or "")
        data.update(extra or {})
        with self.client.post(url, data=data, name=name, catch_response=True, allow_redirects=False) as r:
            if not taken(r, done):
                r.failure(f"refused: {r.status_code}")


class Citizen(FastHttpUser):
    """Anyone on the internet: the portal, the register of decisions, a certificate's QR code, the survey."""

    weight = 6
    wait_time = between(0.5, 2)

    @task(4)
    def portal(self):
        self.client.get("/", name="portal /")

    @task(2)
    def register(self):
        self.client.get("/commendations/public/decisions/", name="register of decisions")

    @task(1)
    def decision(self):
        if PLAN.get("decisions"):
            pk = random.choice(PLAN["decisions"])
            self.client.get(f"/commendations/public/decisions/{pk}/", name="public decision")

    @task(3)
    def verify(self):
        code = random.choice(PLAN["verify_codes"])
        self.client.get(f"/commendations/v/{code}/", name="certificate verification")

    @task(2)
    def survey(self):
        url = f"/surveys/s/{PLAN['survey']}/"
        address = {"X-Forwarded-For": next_address()}
        page = self.client.get(url, name="survey form", headers=address)
        data = form_of(page.text or "")
        with self.client.post(
            url, data=data, name="survey answer", headers=address, catch_response=True, allow_redirects=False
        ) as r:
            if not taken(r, "/thanks/"):
                r.failure(f"answer not taken ({r.status_code})")


class Officer(Staff):
    """The commune's officer: dashboards and lists."""

    weight = 2
    username = "canbo"
    password = PLAN.get("password", "")

    @task(3)
    def dashboard(self):
        pk = random.choice(PLAN["movements"])
        self.client.get(f"/movements/{pk}/", name="movement dashboard")

    @task(1)
    def movements(self):
        self.client.get("/movements/", name="list: movements")

    @task(1)
    def people(self):
        self.client.get("/people/", name="list: people")

    @task(1)
    def nominations(self):
        self.client.get("/commendations/", name="list: nominations")

    @task(1)
    def audit(self):
        self.client.get("/audit/", name="list: audit")


class HamletHead(Staff):
    """The head of Ấp Mỹ Hòa reports the hamlet's figures."""

    weight = 1
    username = "truongap"
    password = PLAN.get("password", "")

    @task(1)
    def home(self):
        self.client.get("/", name="hamlet head: home")

    @task(2)
    def report(self):
        target = random.choice(PLAN["report"])
        url = f"/movements/{target['movement']}/report/?unit={target['unit']}"
        self.post_form(url, "hamlet head: report figures", {"confirm": "1"})


class CouncilMember(Staff):
    """A council member casts a ballot in each open session, then follows the sessions."""

    weight = 1
    password = PLAN.get("voter_password", "")

    def on_start(self):
        voters = PLAN["voters"]
        self.username = voters[next(_voters) % len(voters)]
        self.to_vote = list(PLAN["sessions"])
        super().on_start()

    @task(2)
    def vote(self):
        if not self.to_vote:
            return self.sessions()
        session = self.to_vote.pop(0)
        choices = {f"n-{n}": "agree" for n in session["nominations"]}
        url = f"/commendations/sessions/{session['id']}/vote/"
        self.post_form(url, "council: vote", choices, done=f"/sessions/{session['id']}/")

    @task(1)
    def sessions(self):
        self.client.get("/commendations/sessions/", name="council: sessions")


class Ping(FastHttpUser):
    wait_time = constant(0)

    @task
    def ping(self):
        self.client.get("/ping", name="trivial /ping")


class PortalOnly(FastHttpUser):
    wait_time = constant(0)

    @task
    def portal(self):
        self.client.get("/", name="portal / (alone)")
