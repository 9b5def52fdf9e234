"""The written policy (客户信息管理制度) generated from the vault's real configuration.

The document follows the seeds' structure — purpose and scope; roles and duties; collection;
storage; use; protection; sharing; updating and deletion; training; review — and each section
is filled from what the vault actually enforces: the field catalogue and its classification,
the roles and their per-field levels, the consent notice texts, the import sources, the backup
schedule, the alert rules, the partner register, the request deadlines and the retention rules.
After the generated part of each section comes the business's own text for it (app/policy.py
keeps those), so an owner adds what only they know (whom to call in an incident, how often
staff are trained) without rewriting what the software already knows.

The result is plain data — per language a list of sections, each a list of blocks (paragraph,
list, table) — so it can be frozen as JSON when a version is published, hashed, and rendered
later (PDF, terminal, the acknowledgement dialog) exactly as it was, whatever changes since.
It holds configuration and staff names only, never a customer's personal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app import access as access_mod
from app import alerts, backup_schedule, consent, deadlines, i18n, partners, retention, users
from app.access import Actor
from app.fields import SENSITIVITY_LABELS, Catalogue

FORMAT = 1
LANGUAGES = ("zh", "en")
SECTIONS = (
    "purpose",
    "roles",
    "collection",
    "storage",
    "use",
    "protection",
    "sharing",
    "updating",
    "training",
    "review",
)
SECTION_TITLES = {
    "purpose": ("目的与适用范围", "Purpose and scope"),
    "roles": ("职责与分工", "Roles and duties"),
    "collection": ("信息收集", "Collection"),
    "storage": ("信息存储", "Storage"),
    "use": ("信息使用", "Use"),
    "protection": ("信息保护", "Protection"),
    "sharing": ("信息共享", "Sharing"),
    "updating": ("信息更新与删除", "Updating and deletion"),
    "training": ("培训与宣传", "Training and awareness"),
    "review": ("持续监控与优化", "Review"),
}
TITLE = ("客户信息管理制度", "Customer information policy")
LEVEL_LABELS = {
    access_mod.HIDDEN: ("不可见", "hidden"),
    access_mod.MASKED: ("遮蔽", "masked"),
    access_mod.READ: ("只读", "read"),
    access_mod.WRITE: ("可编辑", "edit"),
}
ROLE_LABELS = {
    "owner": ("所有者", "Owner"),
    "manager": ("经理", "Manager"),
    "sales": ("销售", "Sales"),
    "service": ("客服", "Customer service"),
    "field": ("外勤", "Field staff"),
    "auditor": ("审计员", "Auditor"),
}
# The built-in roles' descriptions as migration 0004 stores them, in Chinese.
_STOCK_DESCRIPTIONS_ZH = {
    "Everything": "全部权限",
    "Everything except the policy and owners' accounts": "除访问策略和所有者账户外的全部权限",
    "Contact and sales fields": "联系方式和销售字段",
    "Contact and service fields": "联系方式和服务字段",
    "Contact fields, offline collection": "联系方式，离线收集",
    "No customer data: counts and the audit log": "不接触客户信息：只看统计和审计日志",
}
_RETENTION_BASIS = {
    "last_activity": ("最后一次活动后", "after the last activity"),
    "consent_withdrawn": ("撤回同意后", "after consent is withdrawn"),
}
_RETENTION_ACTION = {"erase": ("删除客户", "erase the customer"), "anonymise": ("匿名化", "anonymise")}
_PARTNER_STATE = {
    "active": ("有效", "active"),
    "suspended": ("暂停", "suspended"),
    "not_started": ("未开始", "not started"),
    "expired": ("已过期", "expired"),
    "ended": ("已终止", "ended"),
}


def section_title(key: str, language: str) -> str:
    return SECTION_TITLES[key][0 if language == "zh" else 1]


def role_label(role, language: str) -> str:
    """A built-in role by its name in the language (销售 / Sales), a custom role by its key."""
    pair = ROLE_LABELS.get(role.name) if role.builtin else None
    return pair[0 if language == "zh" else 1] if pair else role.name


def permission_label(key: str, language: str) -> str:
    """A permission as people read it (导出客户数据 / export customer data), not its key."""
    message = access_mod.PERMISSIONS.get(key)
    return _gettext(message, language) if message else key


def _gettext(message: str, language: str) -> str:
    """A core message (a permission, an alert rule) in the document's language, whatever the UI's."""
    return i18n.catalogue("zh_CN").gettext(message) if language == "zh" else message


class _Config:
    """Everything the document says, read once under the owner's role (configuration only)."""

    def __init__(self, vault, actor: Actor) -> None:
        conn = vault.connection()
        self.business = vault.business_name or ""
        self.vault_id = vault.vault_id
        self.catalogue = [f for f in Catalogue.load(conn) if not f.retired]
        self.policy = access_mod.Policy.load(conn)
        self.roles = access_mod.list_roles(vault, actor)
        self.users = [u for u in users.list_users(vault, actor) if u.status == "active"]
        self.texts = consent.list_texts(vault, actor)
        self.sources = conn.execute(
            "SELECT source, count(*), max(at) FROM imports WHERE undone_at IS NULL"
            " GROUP BY source ORDER BY max(at) DESC"
        ).fetchall()
        self.backup = backup_schedule.load_settings(vault)
        holding = access_mod.sensitive_roles(conn)
        self.sensitive_roles = [r for r in self.roles if r.name in holding]
        self.alert_rules = alerts.rules(vault, actor)
        self.partners = partners.list_partners(vault, actor)
        self.deadlines = deadlines.load(conn)
        self.retention = retention.rules(vault, actor)
        self.grace_days = vault.meta("purge_grace_days", "30")
        previous = conn.execute(
            "SELECT number, published_at FROM policy_versions ORDER BY number DESC LIMIT 1"
        ).fetchone()
        self.previous = previous

    def members(self, role: str) -> list[str]:
        return [u.name for u in self.users if u.role.lower() == role]

    def field_label(self, key: str, language: str) -> str:
        for f in self.catalogue:
            if f.key == key:
                return f.label(language)
        return key


def _p(text: str) -> dict[str, Any]:
    return {"kind": "p", "text": text}


def _sub(text: str) -> dict[str, Any]:
    return {"kind": "sub", "text": text}


def _list(items: list[str]) -> dict[str, Any]:
    return {"kind": "list", "items": items}


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> dict[str, Any]:
    return {"kind": "table", "header": header, "rows": rows, "widths": widths}


def _purposes(keys, language: str) -> str:
    index = 0 if language == "zh" else 1
    labels = [consent.PURPOSE_LABELS.get(p, (p, p))[index] for p in keys]
    return ("、" if language == "zh" else ", ").join(labels) or "—"


def _join(items, language: str) -> str:
    return ("、" if language == "zh" else ", ").join(items) or "—"


def _day(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d")
    except ValueError:
        return stamp


Section = Callable[[_Config, str, Callable[[str, str], str]], list[dict[str, Any]]]


def _purpose(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    business = c.business or t("本单位", "the business")
    sensitive = [f for f in c.catalogue if f.sensitivity == "sensitive"]
    return [
        _p(
            t(
                f"为规范{business}客户个人信息的收集、存储、使用、加工、提供和删除，保护客户的合法权益，"
                "依据《中华人民共和国个人信息保护法》（第五十一条等）和《网络安全法》，制定本制度。",
                f"This policy sets how {business} collects, stores, uses, shares and deletes its customers'"
                " personal information, to protect their rights as the Personal Information Protection Law"
                " of China (in particular Art. 51) and the Cybersecurity Law require.",
            )
        ),
        _p(
            t(
                f"本制度适用于保存在 Custos 客户信息库（编号 {c.vault_id}）中的全部客户信息，"
                f"以及所有能够登录该信息库的工作人员（目前 {len(c.users)} 人）。"
                f"信息库共有 {len(c.catalogue)} 个字段，其中 {len(sensitive)}"
                " 个为敏感个人信息。",
                f"It covers every customer record kept in the Custos vault {c.vault_id} and everyone who can"
                f" sign in to it (currently {len(c.users)} people). The vault has {len(c.catalogue)} fields,"
                f" {len(sensitive)} of them sensitive personal information.",
            )
        ),
        _p(
            t(
                "本制度中的字段、角色、规则等内容由软件根据信息库的实际配置生成，软件按照这些配置执行；"
                "配置变更后须发布新版本。",
                "The fields, roles and rules below are generated from the vault's actual configuration,"
                " which the software enforces; when the configuration changes, a new version is published.",
            )
        ),
    ]


def _roles(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    rows = []
    for role in c.roles:
        if role.is_owner:
            labels = [
                t("全部权限（所有者始终拥有全部权限）", "everything (an owner always has every permission)")
            ]
        else:
            labels = [
                permission_label(p, lang) for p in sorted(role.permissions) if p in access_mod.PERMISSIONS
            ]
        description = role.description
        if lang == "zh" and role.builtin:
            description = _STOCK_DESCRIPTIONS_ZH.get(description, description)
        rows.append(
            [
                role_label(role, lang),
                description or (t("内置角色", "built-in") if role.builtin else t("自定义", "custom")),
                _join(labels, lang),
                _join(c.members(role.name), lang),
            ]
        )
    owners = c.members("owner")
    incident_roles = [role_label(r, lang) for r in c.roles if c.policy.allows(r, "manage_incidents")]
    return [
        _p(
            t(
                f"信息库所有者（{_join(owners, lang)}）对本制度负总责："
                "设定角色与访问策略、发布本制度、处理客户请求并"
                "组织应急响应。每位工作人员只能通过自己的账户登录，并只能看到其角色所需的字段。",
                f"The vault's owners ({_join(owners, lang)}) are responsible for this policy: they set the"
                " roles and the access policy, publish this policy, answer customers' requests and lead the"
                " response to incidents. Every person signs in with their own account and sees only the"
                " fields their role needs.",
            )
        ),
        _table(
            [t("角色", "Role"), t("说明", "Description"), t("可以做什么", "May"), t("人员", "People")],
            rows,
            [0.13, 0.17, 0.5, 0.2],
        ),
        _p(
            t(
                f"负责记录安全事件的角色：{_join(incident_roles, lang)}。",
                f"Roles that record security incidents: {_join(incident_roles, lang)}.",
            )
        ),
    ]


def _collection(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    index = 0 if lang == "zh" else 1
    rows = [
        [
            f.label(lang),
            SENSITIVITY_LABELS.get(f.sensitivity, (f.sensitivity, f.sensitivity))[index],
            _purposes(f.purposes, lang),
            t("必填", "required") if f.required else t("选填", "optional"),
        ]
        for f in c.catalogue
    ]
    blocks = [
        _p(
            t(
                "只收集下表所列字段，并只用于所列目的。敏感个人信息（第二十八条）须取得单独同意。",
                "Only the fields below are collected, and only for the purposes listed. Sensitive personal"
                " information (Art. 28) needs separate consent.",
            )
        ),
        _table(
            [t("字段", "Field"), t("分类", "Classification"), t("目的", "Purposes"), t("填写", "Entry")],
            rows,
            [0.25, 0.3, 0.3, 0.15],
        ),
        _sub(t("信息来源", "Sources")),
    ]
    sources = [
        t(
            "工作人员在软件中逐条录入（记录录入人和时间）",
            "entered by staff one by one (who and when is recorded)",
        )
    ]
    for source, count, at in c.sources:
        sources.append(
            t(
                f"文件导入：{source}（{count} 次，最近 {_day(at)}）",
                f"imported from files: {source} ({count} import(s), the latest on {_day(at)})",
            )
        )
    blocks.append(_list(sources))
    blocks.append(_sub(t("告知与同意文本", "Notice and consent texts")))
    if c.texts:
        blocks.append(
            _table(
                [t("文本", "Text"), t("版本", "Version"), t("目的", "Purposes"), t("编号", "Reference")],
                [[v.title(lang), str(v.version), _purposes(v.purposes, lang), v.reference] for v in c.texts],
                [0.35, 0.1, 0.3, 0.25],
            )
        )
    else:
        blocks.append(_p(t("尚未建立告知文本。", "No notice text has been written yet.")))
    return blocks


def _storage(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    b = c.backup
    holders = _join([role_label(r, lang) for r in c.sensitive_roles], lang)
    schedule = []
    if b.daily:
        schedule.append(t("每天自动备份一次", "a backup every day"))
    if b.on_close:
        schedule.append(t("每次关闭软件时备份", "a backup whenever the app is closed"))
    if not schedule:
        schedule.append(t("不自动备份（由有权限的人员手动备份）", "no automatic backups (made by hand)"))
    return [
        _list(
            [
                t(
                    "客户信息保存在本地加密数据库中（SQLCipher，AES-256），数据密钥随机生成，只以加密形式保存在每位用户的"
                    "密钥槽中（以用户密码经 Argon2id 派生的密钥加密）。",
                    "Customer information is kept in a local encrypted database (SQLCipher, AES-256) under a"
                    " random data key, stored only wrapped in each user's key slot (under a key derived from"
                    " their password with Argon2id).",
                ),
                t(
                    "恢复码只在创建时显示一次，打印在应急包上，由所有者妥善保管。",
                    "The recovery code is shown once, printed on the emergency kit and kept safe by the"
                    " owner.",
                ),
                t(
                    f"敏感个人信息另以第二把密钥加密，只有以下角色持有：{holders}。",
                    "Sensitive personal information is encrypted again under a second key that only these"
                    f" roles hold: {holders}.",
                ),
                t(
                    "人员离职或角色变更后，移除其账户并轮换数据密钥，旧副本随即失效。",
                    "When someone leaves, their account is removed and the data key rotated, so old copies"
                    " stop working for them.",
                ),
            ]
        ),
        _sub(t("备份", "Backups")),
        _list(
            [
                _join(schedule, lang),
                t(
                    f"保留最近 {b.keep_last} 份、每日 {b.keep_daily} 份、"
                    f"每周 {b.keep_weekly} 份、每月 {b.keep_monthly} 份",
                    f"kept: the last {b.keep_last}, {b.keep_daily} daily, {b.keep_weekly} weekly,"
                    f" {b.keep_monthly} monthly",
                ),
                t(
                    f"超过 {b.warn_after_days} 天没有成功备份时提醒",
                    f"a warning when there has been no successful backup for {b.warn_after_days} days",
                ),
                t(
                    "备份文件同样加密，并定期做恢复演练",
                    "backups are encrypted too, and restores are rehearsed",
                ),
            ]
        ),
    ]


def _use(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    index = 0 if lang == "zh" else 1
    roles = c.roles
    rows = [[f.label(lang), *[LEVEL_LABELS[c.policy.level(r, f)][index] for r in roles]] for f in c.catalogue]
    first = 0.22
    rest = (1 - first) / max(1, len(roles))
    return [
        _p(
            t(
                "各角色对每个字段的访问级别如下：可编辑、只读、遮蔽（只显示部分，如 138****5678；"
                "查看完整值须说明理由并留痕）或不可见（软件不向该角色提供该字段，搜索也不会匹配）。",
                "Each role's access to each field: edit, read, masked (only part is shown, e.g. 138****5678;"
                " seeing it in full needs a reason and is logged) or hidden (the software never gives the"
                " field to that role, and searches do not match on it).",
            )
        ),
        _table(
            [t("字段", "Field"), *[role_label(r, lang) for r in roles]], rows, [first, *[rest] * len(roles)]
        ),
        _p(
            t(
                "客户信息只用于收集时告知的目的；用于营销等目的时，软件只选取当前有效同意的客户。",
                "Customer information is used only for the purposes stated when it was collected; for"
                " marketing and the like, the software selects only customers with current consent.",
            )
        ),
    ]


def _protection(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    rules = []
    for name, rule in alerts.RULES.items():
        value = c.alert_rules.get(name, rule.default)
        shown = t("关闭", "off") if value == alerts.OFF else value
        rules.append([_gettext(rule.label, lang), shown])
    return [
        _list(
            [
                t(
                    "查看客户、显示遮蔽值、导出、备份、登录和策略变更均记入审计日志；日志以哈希链相连并定期签名，无法悄悄篡改。",
                    "Opening customers, revealing masked values, exports, backups, sign-ins and policy"
                    " changes"
                    " are written to a tamper-evident audit log (a hash chain, signed at checkpoints).",
                ),
                t(
                    "软件闲置一段时间后自动锁定（每台电脑在设置中设定，默认 10 分钟），须重新登录。",
                    "The app locks itself after a period without use (set on each PC in Settings, 10 minutes"
                    " by default); unlocking needs the password again.",
                ),
                t(
                    "多次登录失败后暂停登录尝试。",
                    "Repeated failed sign-ins make the next attempts wait.",
                ),
            ]
        ),
        _sub(t("异常访问监控", "Unusual-access monitoring")),
        _table([t("规则", "Rule"), t("阈值", "Threshold")], rules, [0.75, 0.25]),
        _sub(t("应急响应", "Incident response")),
        _p(
            t(
                "发生或可能发生个人信息泄露、篡改、丢失时，立即采取补救措施，在事件登记簿中记录经过、受影响的客户和字段、"
                "是否通知客户和监管部门及理由（第五十七条），并按需向受影响的客户发出告知函。",
                "When personal information is or may have been leaked, altered or lost, act at once to"
                " contain it, record it in the incident register (what happened, the customers and fields"
                " affected, whether the customers and the regulator are notified and why — Art. 57) and"
                " send the affected customers a notice where needed.",
            )
        ),
        _p(
            t(
                f"应急联系人：{_join(c.members('owner'), lang)}（信息库所有者）。",
                f"Incident contacts: {_join(c.members('owner'), lang)} (the vault's owners).",
            )
        ),
    ]


def _sharing(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    index = 0 if lang == "zh" else 1
    blocks = [
        _p(
            t(
                "向第三方提供客户信息须有有效的协议，并取得客户的单独同意（第二十三条）。每次导出都记录在案"
                "（人员、时间、目的、字段、文件哈希）。",
                "Customer information goes to a partner only under a valid agreement and with the customer's"
                " separate consent (Art. 23). Every export is recorded (who, when, purpose, fields, file"
                " hash).",
            )
        )
    ]
    if c.partners:
        rows = [
            [
                p.name,
                _purposes(p.purposes, lang),
                _join([c.field_label(k, lang) for k in p.fields], lang),
                f"{p.starts_on} – {p.expires_on}",
                _PARTNER_STATE.get(p.state(), (p.state(), p.state()))[index],
            ]
            for p in c.partners
        ]
        blocks.append(
            _table(
                [
                    t("合作方", "Partner"),
                    t("目的", "Purposes"),
                    t("字段", "Fields"),
                    t("协议期限", "Agreement"),
                    t("状态", "State"),
                ],
                rows,
                [0.2, 0.2, 0.28, 0.2, 0.12],
            )
        )
    else:
        blocks.append(
            _p(t("目前不向任何第三方提供客户信息。", "No customer information is shared with partners."))
        )
    return blocks


def _updating(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    d = c.deadlines
    index = 0 if lang == "zh" else 1
    if d.regime == deadlines.PRC:
        deadline = t(
            f"自收到之日起 {d.prc_working_days} 个工作日内答复",
            f"answered within {d.prc_working_days} working days of receipt",
        )
    else:
        deadline = t(
            f"自收到之日起 {d.gdpr_months} 个月内答复（必要时可延长 {d.gdpr_extension_months} 个月）",
            f"answered within {d.gdpr_months} month(s) of receipt (extendable by {d.gdpr_extension_months})",
        )
    blocks = [
        _p(
            t(
                "客户可以要求查阅、复制、更正、删除其个人信息或撤回同意。请求登记在请求簿中，核实身份后"
                + deadline
                + "。",
                "Customers may ask to see, copy, correct or delete their information, or withdraw consent."
                " Requests are recorded in the requests register and, once the person's identity is checked,"
                f" {deadline}.",
            )
        ),
        _p(
            t(
                "删除是彻底的：客户记录、搜索索引和同意记录一并清除，删除台账只保留加盐哈希，恢复备份时不会恢复已删除的客户。",
                "Erasure is for good: the record, the search indexes and the consent records are removed; the"
                " erasure ledger keeps only salted hashes, so restoring a backup never brings the customer"
                " back.",
            )
        ),
        _sub(t("保存期限", "Retention")),
    ]
    rows = []
    for rule in c.retention:
        target = (
            _purposes([rule.target], lang) if rule.scope == "purpose" else c.field_label(rule.target, lang)
        )
        rows.append(
            [
                target,
                t(f"{rule.months} 个月", f"{rule.months} months"),
                _RETENTION_BASIS.get(rule.basis, (rule.basis, rule.basis))[index],
                _RETENTION_ACTION.get(rule.action, (rule.action, rule.action))[index],
            ]
        )
    rows.append(
        [
            t("已删除（回收站中）的客户", "customers deleted to the bin"),
            t(f"{c.grace_days} 天", f"{c.grace_days} days"),
            t("删除后", "after deletion"),
            _RETENTION_ACTION["erase"][index],
        ]
    )
    blocks.append(
        _table(
            [t("适用于", "Applies to"), t("期限", "Period"), t("起算", "Counted"), t("到期处理", "Then")],
            rows,
            [0.34, 0.16, 0.28, 0.22],
        )
    )
    blocks.append(
        _p(
            t(
                "到期处理先生成清单由所有者审阅，再执行；法律要求保留的字段可设置法定保留。",
                "What is due is listed for the owner to review before anything is applied; fields the law"
                " requires to keep can be put under a legal hold.",
            )
        )
    )
    return blocks


def _training(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    return [
        _p(
            t(
                "每发布一个新版本，每位工作人员须在登录时阅读并确认本制度，确认前不能查看客户信息。确认记录"
                "（人员、时间、版本及其哈希）永久保存，所有者可以随时查看谁尚未确认。",
                "Each time a new version is published, every member of staff reads and acknowledges it at"
                " sign-in, and sees no customer until they have. Each acknowledgement (who, when, the version"
                " and its hash) is kept; owners see at any time who has not acknowledged.",
            )
        )
    ]


def _review(c: _Config, lang: str, t) -> list[dict[str, Any]]:
    blocks = [
        _p(
            t(
                "所有者定期（至少每年一次）审查本制度和软件配置，开展个人信息保护合规审计（第五十四条），"
                "并根据审计结果、安全事件和异常访问提醒改进措施。配置变更后发布新版本。",
                "The owners review this policy and the configuration regularly (at least once a year), carry"
                " out compliance audits (Art. 54), and improve the measures after audits, incidents and"
                " unusual-access alerts. A new version is published after each change of configuration.",
            )
        )
    ]
    if c.previous is not None:
        blocks.append(
            _p(
                t(
                    f"上一版本：第 {c.previous[0]} 版，发布于 {_day(c.previous[1])}。",
                    f"Previous version: version {c.previous[0]}, published on {_day(c.previous[1])}.",
                )
            )
        )
    return blocks


_BUILDERS: dict[str, Section] = {
    "purpose": _purpose,
    "roles": _roles,
    "collection": _collection,
    "storage": _storage,
    "use": _use,
    "protection": _protection,
    "sharing": _sharing,
    "updating": _updating,
    "training": _training,
    "review": _review,
}


def build(vault, actor: Actor, own_texts: dict[str, dict[str, str]], number: int) -> dict[str, Any]:
    """The document for version ``number``: generated sections plus the owner's texts.

    ``actor`` must be able to read the configuration (an owner); app/policy.py decides who
    may build a draft.
    """
    config = _Config(vault, actor)
    languages: dict[str, Any] = {}
    for lang in LANGUAGES:

        def t(zh: str, en: str, lang: str = lang) -> str:
            return zh if lang == "zh" else en

        sections = []
        for key in SECTIONS:
            sections.append(
                {
                    "key": key,
                    "title": section_title(key, lang),
                    "blocks": _BUILDERS[key](config, lang, t),
                    "own": (own_texts.get(key) or {}).get(lang, ""),
                }
            )
        languages[lang] = {"title": TITLE[0 if lang == "zh" else 1], "sections": sections}
    return {
        "format": FORMAT,
        "number": number,
        "business": config.business,
        "vault_id": config.vault_id,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "languages": languages,
    }


def dumps(document: dict[str, Any]) -> str:
    """The canonical JSON a version is stored and hashed as."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def as_text(document: dict[str, Any], language: str, *, heading: str = "") -> str:
    """The document as plain text: the terminal (``custos policy show``) and the sign-in dialog."""
    part = document["languages"][language if language in LANGUAGES else "en"]
    lines = [part["title"]]
    if heading:
        lines.append(heading)
    lines.append("")
    for number, section in enumerate(part["sections"], start=1):
        lines.append(f"{number}. {section['title']}")
        lines.append("")
        for block in section["blocks"]:
            lines += block_lines(block)
        if section["own"].strip():
            lines += [line.rstrip() for line in section["own"].strip().splitlines()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def block_lines(block: dict[str, Any]) -> list[str]:
    kind = block["kind"]
    if kind == "p":
        return [block["text"], ""]
    if kind == "sub":
        return [f"[{block['text']}]"]
    if kind == "list":
        return [f"  • {item}" for item in block["items"]] + [""]
    lines = ["  " + " | ".join(block["header"])]
    lines += ["  " + " | ".join(row) for row in block["rows"]]
    return [*lines, ""]
