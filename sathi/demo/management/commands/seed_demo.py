import secrets
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sathi.accounts.models import Membership, Organisation, OrganisationKind, Role
from sathi.accounts.services import organisation_create, user_create
from sathi.accounts.totp import device_create
from sathi.demo import spellings, work
from sathi.demo.prevention import seed_prevention
from sathi.demo.synthetic import Generator
from sathi.people import grants, services
from sathi.people.models import Person

COLLECTIVE = "Mahila Sangha Collective (demo)"
AFTERCARE = "Nirmal Aftercare Home (demo)"
PEOPLE_PER_ORGANISATION = 150


class Command(BaseCommand):
    help = "Development only: two demo organisations, one user per role, a few hundred synthetic people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=PEOPLE_PER_ORGANISATION, help="per organisation")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing: demo data is for SATHI_DEBUG=1 only.")
        if Organisation.objects.filter(name=COLLECTIVE).exists():
            self.stdout.write("Demo data is already there (seeded once).")
            return
        gen = Generator(seed=2026)
        lines = []
        with transaction.atomic():
            for name, kind, short in (
                (COLLECTIVE, OrganisationKind.SEX_WORKER_COLLECTIVE, "collective"),
                (AFTERCARE, OrganisationKind.NGO, "aftercare"),
            ):
                organisation = organisation_create(actor=None, name=name, kind=kind)
                for role in Role:
                    username = f"{role.value.replace('_', '-')}.{short}"
                    password = "demo-" + secrets.token_urlsafe(9)
                    user = user_create(
                        actor=None,
                        organisation=organisation,
                        username=username,
                        display_name=f"{role.label} ({short})",
                        password=password,
                        role=role,
                    )
                    _device, secret = device_create(user=user, confirmed=True)
                    lines.append(f"  {username:32} {password:20} {secret}")
                self._people(organisation, gen, options["people"])
                self._cases(organisation, gen)
                # The last month of work, so that "due this week" and every page have something on them.
                work.follow_ups_due_now(organisation)
                work.review_overdue_and_targets(organisation)
                if kind == OrganisationKind.SEX_WORKER_COLLECTIVE:
                    board, members, area = self._board(organisation, gen)
                    work.board_month(organisation, board, members)
                    work.raid_with_a_response(organisation, area)
                    self._research(organisation)
                    self._evidence(organisation)
                    self._rights(organisation)
                    seed_prevention(organisation)
        self.stdout.write(self.style.WARNING("Demo users (development only; shown once):"))
        self.stdout.write(f"  {'username':32} {'password':20} authenticator key")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("Current code for a demo user: manage.py totp_code --user NAME")

    def _research(self, organisation) -> None:
        """003's four questionnaires, a study with a cohort per form, and 40 generated Kobo submissions of
        the duty bearers' interview, imported as a worker would."""
        import json

        from sathi.demo.kobo import kobo_records
        from sathi.questionnaires import imports, studies
        from sathi.questionnaires.research_forms import FORMS, workbook
        from sathi.questionnaires.services import questionnaire_import

        researcher = Membership.objects.select_related("user", "organisation").get(
            organisation=organisation, role=Role.COMMUNITY_RESEARCHER
        )
        versions = {
            form_id: questionnaire_import(
                actor=None, organisation=organisation, data=workbook(form_id), filename=f"{form_id}.xlsx"
            ).version
            for form_id in FORMS
        }
        study = studies.study_create(actor=researcher, title="Prevention in the community (demo)")
        for form_id, cohort in (
            ("sathi_fgd_activists", "frontline_workers"),
            ("sathi_fgd_collective", "survivors"),
            ("sathi_idi_funders", "funders"),
            ("sathi_isi_offices", "duty_bearers"),
        ):
            studies.cohort_add(
                actor=researcher,
                study_id=study.pk,
                cohort=cohort,
                questionnaire_id=versions[form_id].questionnaire_id,
            )
        isi = versions["sathi_isi_offices"]
        export = json.dumps(kobo_records(list(isi.questions.all()), 40, seed=3, form_id="sathi_isi_offices"))
        queued = imports.submissions_import(actor=researcher, version_id=isi.pk, content=export.encode())
        imports.import_run(queued.pk)

    def _board(self, organisation, gen: Generator) -> tuple:
        """A board of 15 (8 sex workers) for a red-light area, with a sitting and a few new entrants heard."""
        from sathi.places.models import Place
        from sathi.screening import services as boards

        member = Membership.objects.get(organisation=organisation, role=Role.BOARD_MEMBER)
        today = timezone.localdate()
        state, _ = Place.objects.get_or_create(
            kind="state", name="West Bengal", parent=None, organisation=None
        )
        district, _ = Place.objects.get_or_create(
            kind="district", name="Kolkata", parent=state, organisation=None
        )
        area, _ = Place.objects.get_or_create(
            kind="red_light_area", name="Demo area", parent=district, organisation=None
        )
        board = boards.board_create(actor=member, area_id=area.pk, name="Demo area board", quorum=8)
        categories = ["sex_worker"] * 8 + [
            "local_government",
            "doctor",
            "womens_rights",
            "lawyer",
            "commission",
            "other",
            "other",
        ]
        members = [
            boards.board_member_add(
                actor=member,
                board_id=board.pk,
                name=f"Member {index + 1}",
                category=category,
                term_start=today - timedelta(days=400),
            )
            for index, category in enumerate(categories)
        ]
        sitting = boards.sitting_hold(
            actor=member,
            board_id=board.pk,
            held_on=today - timedelta(days=7),
            member_ids=[m.pk for m in members[:10]],
            minutes="Demo minutes.",
        )
        people = list(Person.objects.filter(organisation=organisation, assignments__user=member.user)[:6])
        for index, person in enumerate(people):
            presentation = boards.presentation_record(
                actor=member,
                board_id=board.pk,
                person_id=person.pk,
                presented_on=today - timedelta(days=7),
                arrived_on=today - timedelta(days=10 + index),
                brought_by=["herself", "peer", "brothel_keeper"][index % 3],
                sitting_id=sitting.pk,
            )
            boards.screening_record(
                actor=member,
                person_id=person.pk,
                acts=[],
                means=[],
                purposes=[],
                came_without_force=True,
                presentation_id=presentation.pk,
            )
        return board, members, area

    def _evidence(self, organisation) -> None:
        """Evidence (issue 14): a peer worker documents a police extortion, with a woman who agreed to
        community alerts; the supervisor warns the members of the district; a care table is released."""
        from sathi.evidence import alerts, catalogue, ledger
        from sathi.places.models import Place
        from sathi.violations import involvements
        from sathi.violations import services as violations

        peer = Membership.objects.get(organisation=organisation, role=Role.PEER_WORKER)
        supervisor = Membership.objects.get(organisation=organisation, role=Role.SUPERVISOR)
        analyst = Membership.objects.get(organisation=organisation, role=Role.ANALYST)
        today = timezone.localdate()
        district = Place.objects.get(kind="district", name="Kolkata", organisation=None)
        incident = violations.incident_record(
            actor=peer,
            incident_type="extortion",
            start_date=today - timedelta(days=2),
            place_id=district.pk,
            verification="likely",
            description="Money taken at the crossing by two men in uniform.",
        )
        person = Person.objects.filter(organisation=organisation, assignments__user=peer.user).first()
        involvements.affected_add(
            actor=peer, incident_id=incident.pk, person_id=person.pk, acts=["extortion"]
        )
        grants.consent_record(
            actor=peer,
            person_id=person.pk,
            purpose="community_alerts",
            granted=True,
            method="spoken",
            explained_in="bn",
        )
        for role in (Role.PEER_WORKER, Role.BOARD_MEMBER, Role.SUPERVISOR):
            member = Membership.objects.get(organisation=organisation, role=role)
            alerts.member_areas_save(actor=supervisor, membership_id=member.pk, area_ids=[district.pk])
        alerts.alert_send(
            actor=supervisor,
            incident_id=incident.pk,
            danger="police",
            text="Two men in uniform stop women at the crossing after 10 pm and take money. Go in pairs.",
            area_ids=[district.pk],
            expires_on=today + timedelta(days=30),
        )
        month = f"{today.year}-{today.month:02d}"
        frame = catalogue.frame(table="care-outcomes", start=month, end=month, columns=("gender",))
        ledger.release(actor=analyst, frame=frame, door="page", fmt="html", purpose="collective")

    def _rights(self, organisation) -> None:
        """Her rights (issue 13): a woman from Bangladesh who wants to stay, her border record with the
        stages of her rights and a claim for her wages; and a correction someone asked for."""
        from sathi.rights import corrections, crossing

        worker = Membership.objects.get(organisation=organisation, role=Role.CASEWORKER)
        today = timezone.localdate()
        person = services.person_register(
            actor=worker,
            names=["Demo Jasmine"],
            languages=["bn", "en"],
            origin_state="BD",
            stated=services.StatedAge(age_years=27),
            confirm_duplicates=True,
        )
        crossing.crossing_save(
            actor=worker,
            person_id=person.pk,
            nationality="BD",
            country_of_origin="BD",
            moved_across_border=True,
            migration_status="without_documents",
            identified_by="community",
            reflection_from=today - timedelta(days=60),
            reflection_until=today - timedelta(days=30),
            first_questioned_on=today - timedelta(days=25),
        )
        crossing.wish_record(
            actor=worker,
            person_id=person.pk,
            wish="stay",
            stated_on=today - timedelta(days=20),
            words="I have worked here on my own terms for ten years. I do not want to go back.",
        )
        for stage, status in (("identification", "protected"), ("cooperation", "in_progress")):
            crossing.stage_record(
                actor=worker, person_id=person.pk, stage=stage, status=status, on=today - timedelta(days=20)
            )
        crossing.compensation_record(
            actor=worker,
            person_id=person.pk,
            kind="wages",
            payer="employer",
            claimed_on=today - timedelta(days=15),
            amount_claimed=60000,
        )
        corrections.correction_request(
            actor=worker, person_id=person.pk, field="aliases", wrong="Jasmin", right="Jasmine"
        )

    def _cases(self, organisation, gen: Generator) -> None:
        """A few cases that show the continuum of care: held in a shelter, a follow-up, a plan."""
        from sathi.care import placements
        from sathi.care import services as care

        worker = Membership.objects.get(organisation=organisation, role=Role.CASEWORKER)
        today = timezone.localdate()
        people = list(Person.objects.filter(organisation=organisation, assignments__user=worker.user)[:12])
        for index, person in enumerate(people):
            origin = ["rescue_or_raid", "self_referral", "outreach", "srb_decision"][index % 4]
            case = care.case_open(
                actor=worker,
                person_id=person.pk,
                origin=origin,
                opened_on=today - timedelta(days=40),
                needs=["case_management", "housing"],
            )
            pathway = ["stay", "leave", "return_family", "migrate", "undecided"][index % 5]
            care.pathway_record(
                actor=worker, case_id=case.pk, pathway=pathway, stated_on=today - timedelta(days=35)
            )
            if index % 3 == 0:
                placements.placement_start(
                    actor=worker,
                    case_id=case.pk,
                    kind="government_home",
                    legal_basis="court_order",
                    order_date=today - timedelta(days=30),
                    entry_date=today - timedelta(days=30),
                    wish_at_entry="leave",
                )
            if index % 3 == 1:
                care.service_record(
                    actor=worker,
                    case_id=case.pk,
                    service_type="education",
                    delivered_on=today - timedelta(days=gen.rng.randint(1, 30)),
                )
                care.plan_item_add(
                    actor=worker,
                    case_id=case.pk,
                    kind="training",
                    description="Tailoring course",
                    target_date=today + timedelta(days=120),
                )
            if index % 3 == 2:
                case.refresh_from_db()
                care.case_move(actor=worker, case_id=case.pk, version=case.version, status="follow_up")

    def _people(self, organisation, gen: Generator, count: int) -> None:
        workers = list(
            Membership.objects.filter(
                organisation=organisation,
                role__in=[
                    Role.PEER_WORKER,
                    Role.CASEWORKER,
                    Role.COUNSELLOR,
                    Role.LEGAL_ADVOCATE,
                    Role.BOARD_MEMBER,
                ],
            )
        )
        supervisor = Membership.objects.get(organisation=organisation, role=Role.SUPERVISOR)
        today = timezone.localdate()
        for index in range(count):
            actor = workers[index % len(workers)]
            data = gen.person()
            person = services.person_register(
                actor=actor,
                names=_some_in_own_script(data.names, index),
                aliases=data.aliases,
                phone=data.phone,
                gender=data.gender,
                languages=data.languages,
                origin_state=data.origin_state,
                origin_district=data.origin_district,
                current_location=data.current_location,
                documents_held=data.documents_held,
                stated=services.StatedAge(age_years=data.stated_age),
                confirm_duplicates=True,
            )
            other = workers[(index + 1) % len(workers)]
            grants.assignment_add(actor=supervisor, person_id=person.pk, user_id=other.user_id)
            if data.stated_age and 17 <= data.stated_age <= 23 and gen.rng.random() < 0.5:
                services.age_evidence_add(
                    actor=actor,
                    person_id=person.pk,
                    kind="estimate",
                    as_of=today - timedelta(days=gen.rng.randint(0, 300)),
                    age_years=max(data.stated_age - gen.rng.randint(2, 5), 12),
                    source="police station",
                )
            person.refresh_from_db()
            party = {}
            if person.age_status == "minor":
                party = {
                    "consenting_party": "cwc",
                    "legal_basis": "CWC order under the Juvenile Justice Act 2015",
                }
            grants.consent_record(
                actor=actor,
                person_id=person.pk,
                purpose="keep_record",
                granted=True,
                method="spoken",
                explained_in=data.languages[0],
                **party,
            )
            if gen.rng.random() < 0.9:  # most agree to be counted; the board's numbers count only them
                grants.consent_record(
                    actor=actor,
                    person_id=person.pk,
                    purpose="statistics",
                    granted=True,
                    method="spoken",
                    explained_in=data.languages[0],
                    **party,
                )
            if gen.rng.random() < 0.7:
                grants.consent_record(
                    actor=actor,
                    person_id=person.pk,
                    purpose="contact",
                    granted=True,
                    method="spoken",
                    explained_in=data.languages[0],
                    channel=gen.rng.choice(["in_person_peer", "phone_call", "sms"]),
                    **party,
                )


def _some_in_own_script(names: list[str], index: int) -> list[str]:
    """Every third name written in Bengali or Devanagari letters, so that the demo shows search across
    scripts: "Rupa" finds রূপা, "मालती" finds Malati."""
    if index % 3:
        return names
    return [
        spellings.in_script(n, spellings.BENGALI) or spellings.in_script(n, spellings.DEVANAGARI) or n
        for n in names
    ]
