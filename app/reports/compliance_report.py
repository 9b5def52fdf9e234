"""The compliance report as PDF, in Chinese or English: app/compliance.py's figures laid out for
the owner to hand to an auditor.

The first page says for whom, for which period, who made it, the verification code, and the
checklist's verdict with what to do about every unmet item; the sections follow the issue's
order (inventory, who sees what, consent, imports/exports/sharing, requests/retention/erasure,
backups, the audit chain, incidents and alerts), with charts where people would rather look than
read. Every page's footer carries the period and the verification code, so a printed copy can be
checked (custos report verify --code), and the code is also in the PDF's metadata so an altered
file is recognised as altered rather than unknown.

Nothing here reads the vault: the figures hold counts, field names and staff accounts only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.compliance import Figures
from app.consent import purpose_label
from app.fields import SENSITIVITY_LABELS
from app.policy_document import permission_label, role_label
from app.reports.layout import (
    ACCENT,
    CONTENT_W,
    FILL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
    Styles,
    para,
)

LANGUAGES = ("zh", "en")
OK_GREEN = colors.HexColor("#1E7B34")
BAD_RED = colors.HexColor("#B42318")
BAR_BLUE = colors.HexColor("#2F5D8A")
BAR_GREEN = colors.HexColor("#3C8D5A")
BAR_RED = colors.HexColor("#C0504D")

# Every fixed text of the report: key -> (Chinese, English).
T = {
    "title": ("个人信息保护合规审计报告", "Personal information protection compliance report"),
    "subtitle": (
        "依据《个人信息保护法》第五十一条、第五十四条及本单位《客户系统信息管理制度》",
        "Under PIPL Art. 51 and 54 and the business's customer information policy",
    ),
    "business": ("单位", "Business"),
    "period": ("报告期间", "Period"),
    "made": ("生成", "Made"),
    "made_value": ("{user}（角色：{role}）于 {when}", "by {user} (role: {role}) on {when}"),
    "code": ("验证码", "Verification code"),
    "code_note": (
        "核对本报告：custos report verify 报告.pdf，或对纸质件：custos report verify --code {code}",
        "To check this report: custos report verify report.pdf, or for a printed copy: "
        "custos report verify --code {code}",
    ),
    "footer": (
        "{business}合规报告 {start} 至 {end} · 验证码 {code} · 第 {page} 页",
        "{business}Compliance report {start} to {end} · code {code} · page {page}",
    ),
    "summary": ("结论", "Summary"),
    "summary_text": (
        "本期共检查 {items} 项要求，符合 {met} 项，未符合 {unmet} 项。库中现有客户 {customers} 位。",
        "{items} requirements checked: {met} met, {unmet} not met. The vault holds {customers} customers.",
    ),
    "all_met": ("全部要求均已符合。", "Every requirement is met."),
    "to_do": ("需要处理的事项", "What to do"),
    "no_personal": (
        "本报告只含统计数字、字段名称、配置和员工账号，不含任何客户的个人信息。",
        "This report holds counts, field names, configuration and staff accounts — "
        "no customer's personal data.",
    ),
    # sections
    "s_check": ("一、制度要求检查清单", "1. Checklist of the policy's requirements"),
    "s_inventory": ("二、数据清单", "2. Data inventory"),
    "s_access": ("三、谁能看到什么", "3. Who can see what"),
    "s_consent": ("四、同意", "4. Consent"),
    "s_flows": ("五、导入、导出与对外提供", "5. Imports, exports and sharing"),
    "s_requests": ("六、个人请求、保存期限与删除", "6. Requests, retention and erasure"),
    "s_backup": ("七、备份与恢复演练", "7. Backups and restore drills"),
    "s_audit": ("八、审计日志、安全事件与异常访问警报", "8. Audit log, incidents and unusual-access alerts"),
    # checklist table
    "c_part": ("部分", "Part"),
    "c_item": ("要求", "Requirement"),
    "c_state": ("结果", "Result"),
    "c_evidence": ("依据", "Evidence"),
    "c_remedy": ("改进措施", "What to do"),
    "met": ("符合", "Met"),
    "unmet": ("未符合", "Not met"),
    # inventory
    "i_field": ("字段", "Field"),
    "i_class": ("分级", "Classification"),
    "i_purposes": ("用途", "Purposes"),
    "i_filled": ("有值客户数", "Customers with a value"),
    "i_protection": ("保护措施", "Protection"),
    "i_note": (
        "有值客户数为全库统计（不读取任何值，敏感值保持加密）；已停用字段标注“停用”。",
        "Customers with a value are counted over the whole vault without reading any value (sensitive values "
        "stay encrypted); retired fields are marked.",
    ),
    "retired": ("停用", "retired"),
    "p_encrypted": ("以敏感信息专用密钥加密存储", "encrypted under the sensitive-field key"),
    "p_exact": ("仅支持精确查找", "exact lookup only"),
    "p_hidden": ("对 {roles} 隐藏", "hidden from {roles}"),
    "p_masked": ("对 {roles} 掩码显示", "masked for {roles}"),
    "p_vault": ("数据库整体加密", "vault encrypted"),
    "sensitive_head": ("敏感个人信息及其保护", "Sensitive personal information and its protection"),
    "sensitive_text": (
        "{field}：{count} 位客户有值；{protection}；仅 {roles} 可查看。",
        "{field}: {count} customers hold a value; {protection}; visible only to {roles}.",
    ),
    "no_sensitive": ("目录中没有敏感个人信息字段。", "The catalogue has no sensitive field."),
    "nobody": ("无人", "nobody"),
    # access
    "a_matrix": ("角色 × 字段", "Roles × fields"),
    "a_legend": (
        "写 = 可查看和修改；读 = 可查看；掩 = 仅见掩码；— = 隐藏。",
        "W = see and change; R = see; M = masked only; — = hidden.",
    ),
    "a_roles": ("角色与权限", "Roles and permissions"),
    "a_role": ("角色", "Role"),
    "a_base": ("基础", "Based on"),
    "a_users_n": ("在用账号", "Active users"),
    "a_perms": ("权限", "Permissions"),
    "a_users": ("用户", "Users"),
    "a_user": ("用户", "User"),
    "a_status": ("状态", "Status"),
    "a_last": ("最近登录", "Last sign-in"),
    "a_ack": ("制度确认", "Policy acknowledged"),
    "a_no_policy": ("尚无书面制度版本", "no written policy version yet"),
    "a_not_ack": ("未确认", "not acknowledged"),
    "never": ("从未", "never"),
    "active": ("在用", "active"),
    "disabled": ("停用", "disabled"),
    "all_perms": ("全部权限", "every permission"),
    # consent
    "k_chart": (
        "各用途当前同意覆盖率（占现有客户）",
        "Current consent coverage per purpose (share of customers)",
    ),
    "k_purpose": ("用途", "Purpose"),
    "k_current": ("当前有效", "Current"),
    "k_coverage": ("覆盖率", "Coverage"),
    "k_given": ("期内同意", "Given in period"),
    "k_withdrawn": ("期内撤回", "Withdrawn in period"),
    "k_expired": ("期内到期", "Expired in period"),
    "k_none": ("尚无同意记录。", "No consent recorded."),
    "k_note": (
        "“当前有效”按报告生成日计算；“期内”各列按报告期间计算。",
        "“Current” is as of the day the report was made; the “in period” columns cover the period.",
    ),
    "n_head": ("告知文本版本", "Notice text versions"),
    "n_text": ("文本", "Text"),
    "n_version": ("版本", "Version"),
    "n_created": ("创建", "Created"),
    "n_in_use": ("据此记录的决定", "Decisions recorded on it"),
    "n_period": ("其中本期", "In the period"),
    "n_latest": ("（最新）", " (latest)"),
    "n_none": ("尚无告知文本。", "No notice text yet."),
    # flows
    "x_chart": ("每月导出次数", "Exports per month"),
    "x_imports": ("导入（来源与法律依据）", "Imports (sources and legal bases)"),
    "x_when": ("时间", "When"),
    "x_user": ("操作人", "By"),
    "x_format": ("格式", "Format"),
    "x_source": ("来源与依据", "Source and legal basis"),
    "x_rows": ("行数", "Rows"),
    "x_result": ("新建/更新", "Created/updated"),
    "x_undone": ("（已撤销）", " (undone)"),
    "x_no_imports": ("本期没有导入。", "No imports in the period."),
    "x_exports": ("导出与对外提供", "Exports and sharing"),
    "x_purpose": ("用途", "Purpose"),
    "x_basis": ("法律依据", "Legal basis"),
    "x_partner": ("接收方", "Recipient"),
    "x_protection": ("保护", "Protection"),
    "x_internal": ("内部使用", "internal use"),
    "x_no_exports": ("本期没有导出。", "No exports in the period."),
    "x_total": (
        "本期导出 {count} 次，共 {rows} 行；其中未加密 {plain} 次。",
        "{count} exports in the period, {rows} rows in all; {plain} of them unencrypted.",
    ),
    "x_more": ("（仅列出前 {shown} 条，共 {total} 条）", "(the first {shown} of {total} listed)"),
    "x_partners": ("合作方及其协议状态", "Partners and their agreements"),
    "x_agreement": ("协议期限", "Agreement"),
    "x_state": ("状态", "State"),
    "x_docs": ("协议文件", "Documents"),
    "x_shared": ("期内提供", "Shared in period"),
    "x_no_partners": ("没有登记合作方。", "No partner registered."),
    # requests
    "r_chart": ("每月收到的个人请求及处理时限", "Customers' requests per month and their deadlines"),
    "r_received": ("收到", "received"),
    "r_met": ("按时办结", "answered in time"),
    "r_missed": ("逾期", "late"),
    "r_ref": ("编号", "Reference"),
    "r_type": ("类型", "Type"),
    "r_received_on": ("收到日期", "Received"),
    "r_due": ("期限", "Due"),
    "r_closed": ("办结", "Closed"),
    "r_result": ("结果", "Result"),
    "r_none": ("本期没有收到个人请求。", "No requests received in the period."),
    "r_summary": (
        "本期收到 {total} 件，按时办结 {met} 件，逾期 {missed} 件，处理中 {open} 件。",
        "{total} received: {met} answered in time, {missed} late, {open} in progress.",
    ),
    "t_head": ("保存期限与删除", "Retention and erasure"),
    "t_text": (
        "生效的保存期限规则 {rules} 条；本期审核 {reviews} 次，执行 {applied} 次；"
        "当前有效的法律保留 {holds} 项。",
        "{rules} retention rules in force; {reviews} reviews in the period, {applied} applied; "
        "{holds} legal holds in force.",
    ),
    "t_erased": ("本期彻底删除的客户：{detail}。", "Customers erased in the period: {detail}."),
    "t_none": ("本期没有彻底删除客户。", "No customer was erased in the period."),
    # backup
    "b_last": ("最近一次备份", "Last backup"),
    "b_verified": ("已校验", "verified"),
    "b_unverified": ("未校验", "not verified"),
    "b_none": ("从未备份", "never made"),
    "b_customers": ("含 {count} 位客户", "{count} customers"),
    "b_drill": ("最近一次恢复演练", "Last restore drill"),
    "b_drill_ok": ("成功", "passed"),
    "b_drill_bad": ("失败", "failed"),
    "b_good_drill": ("最近一次成功演练", "Last passed drill"),
    "b_period": ("本期备份", "Backups in period"),
    "b_period_value": (
        "成功 {ok} 次，失败 {bad} 次，演练 {drills} 次；超过 {limit} 天未备份即提醒。",
        "{ok} made, {bad} failed, {drills} drills; a warning after {limit} days without one.",
    ),
    # audit
    "u_result": ("哈希链校验", "Hash chain check"),
    "u_ok": (
        "完整：{entries} 条记录与 {checkpoints} 个签名检查点一致",
        "Intact: {entries} entries match {checkpoints} signed checkpoint(s)",
    ),
    "u_bad": ("被篡改：{problems}", "Tampered with: {problems}"),
    "u_unavailable": (
        "您的角色无权查看审计日志，未校验",
        "Not checked: your role may not view the audit log",
    ),
    "u_head": ("链头", "Head of the chain"),
    "u_head_value": ("第 {seq} 条，哈希 {hash}", "entry {seq}, hash {hash}"),
    "u_period": ("本期审计记录", "Audit entries in period"),
    "e_head": ("安全事件", "Incidents"),
    "e_title": ("事件", "Incident"),
    "e_severity": ("严重程度", "Severity"),
    "e_status": ("状态", "Status"),
    "e_found": ("发现", "Discovered"),
    "e_customers": ("涉及客户数", "Customers"),
    "e_notify": ("告知客户/监管", "Notify customers/regulator"),
    "e_none": ("本期没有安全事件，也没有未结事件。", "No incidents in the period and none open."),
    "e_hidden": (
        "（您的角色无权阅读事件登记，仅显示统计）",
        "(your role may not read the register: counts only)",
    ),
    "l_head": ("异常访问警报", "Unusual-access alerts"),
    "l_rule": ("规则", "Rule"),
    "l_subject": ("用户", "User"),
    "l_when": ("时段", "When"),
    "l_count": ("次数/阈值", "Count/threshold"),
    "l_state": ("状态", "State"),
    "l_open": ("未处理", "open"),
    "l_ack": ("已确认", "acknowledged"),
    "l_none": ("本期没有警报，也没有未处理的警报。", "No alerts in the period and none open."),
    "l_rules": ("警报规则：{rules}", "Alert rules: {rules}"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

PARTS = {
    "collection": ("收集", "Collection"),
    "storage": ("存储", "Storage"),
    "use": ("使用", "Use"),
    "protection": ("保护", "Protection"),
    "sharing": ("对外提供", "Sharing"),
    "deletion": ("更新与删除", "Updating and deletion"),
    "roles": ("角色与职责", "Roles and duties"),
    "training": ("培训与宣传", "Training"),
    "monitoring": ("安全监控与应急响应", "Monitoring and incident response"),
    "review": ("持续监控与优化", "Review"),
    "pipl": ("个人信息保护法", "PIPL"),
}

# Checklist item -> (requirement, evidence when met, evidence when not, what to do), each (zh, en).
ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "collection.purposes": (
        ("每个个人信息字段都有明确用途", "Every personal field has a stated purpose"),
        (
            "{fields} 个字段，其中个人信息 {personal} 个，均已标注用途",
            "{fields} fields, {personal} personal, each with its purposes",
        ),
        ("以下个人信息字段没有用途：{missing}", "Personal fields without a purpose: {missing}"),
        (
            "在字段目录中为这些字段注明用途，或停用不需要的字段。",
            "Give these fields their purposes in the field catalogue, or retire them.",
        ),
    ),
    "collection.notice": (
        ("收集同意前有告知文本", "A notice text is shown before consent is collected"),
        (
            "现行告知文本 {texts} 份（共 {versions} 个版本）",
            "{texts} notice text(s) in use ({versions} versions)",
        ),
        ("没有任何告知文本", "No notice text exists"),
        (
            "在“同意”中编写告知文本（目的、方式、种类、保存期限、权利）。",
            "Write a notice text under Consent (purposes, methods, categories, retention, rights).",
        ),
    ),
    "storage.backup": (
        ("定期备份并校验", "Regular, verified backups"),
        (
            "最近备份 {last}（{age} 天前，已校验；限期 {limit} 天）",
            "Last backup {last} ({age} days ago, verified; limit {limit} days)",
        ),
        ("最近备份：{last}；限期 {limit} 天", "Last backup: {last}; limit {limit} days"),
        (
            "立即备份（文件 → 备份），并设置自动备份计划。",
            "Make a backup now (File → Back up) and set a backup schedule.",
        ),
    ),
    "storage.drill": (
        ("一年内做过恢复演练", "A restore drill within the year"),
        ("最近成功演练 {last}", "Last passed drill {last}"),
        ("最近成功演练：{last}", "Last passed drill: {last}"),
        (
            "用最近的备份做一次恢复演练（custos backup drill），确认备份可用。",
            "Run a restore drill on the latest backup (custos backup drill) to prove it restores.",
        ),
    ),
    "use.sensitive_access": (
        ("敏感个人信息仅限必要角色查看", "Sensitive fields only for the roles that need them"),
        (
            "{sensitive} 个敏感字段，仅所有者和经理类角色可见",
            "{sensitive} sensitive field(s), visible only to owner and manager roles",
        ),
        ("以下角色可以看到敏感字段：{roles}", "These roles can see sensitive fields: {roles}"),
        (
            "在角色设置中将这些角色的敏感字段改为“隐藏”。",
            "Set the sensitive fields to hidden for these roles in Roles.",
        ),
    ),
    "protection.encryption": (
        ("敏感个人信息加密存储", "Sensitive personal information stored encrypted"),
        (
            "数据库整体加密；敏感字段另以专用密钥加密",
            "The vault is encrypted; sensitive fields also under their own key",
        ),
        (
            "以下敏感字段尚未以专用密钥加密：{fields}",
            "Sensitive fields not yet under their own key: {fields}",
        ),
        (
            "由所有者登录一次以完成敏感字段加密。",
            "Sign in once as the owner to finish encrypting the sensitive fields.",
        ),
    ),
    "protection.audit": (
        ("审计日志完整可查", "An intact audit log"),
        ("{entries} 条记录校验通过", "{entries} entries verified"),
        (
            "审计日志未通过校验或无权校验：{problems}",
            "The audit log did not verify, or could not be checked: {problems}",
        ),
        (
            "运行 custos audit verify 查明问题；必要时从备份恢复并记录安全事件。",
            "Run custos audit verify to find the problem; "
            "restore from a backup if needed and record an incident.",
        ),
    ),
    "sharing.agreements": (
        ("向第三方提供均有有效协议", "Sharing only under a current agreement"),
        ("{partners} 个合作方，协议均有效", "{partners} partner(s), every agreement current"),
        (
            "协议过期或未生效：{lapsed}；待确认删除：{pending}",
            "Agreements lapsed or not started: {lapsed}; deletion not confirmed: {pending}",
        ),
        (
            "续签或终止过期协议；向已终止的合作方索取删除或返还确认。",
            "Renew or end lapsed agreements; get ended partners' confirmation of deletion or return.",
        ),
    ),
    "sharing.exports": (
        ("导出文件加密", "Exports encrypted"),
        ("本期导出 {exports} 次，全部加密", "{exports} export(s) in the period, all encrypted"),
        (
            "本期导出 {exports} 次，其中 {plain} 次未加密",
            "{exports} export(s) in the period, {plain} unencrypted",
        ),
        (
            "导出时选择加密 ZIP；确认未加密文件已删除。",
            "Choose the encrypted ZIP when exporting; make sure the plain files were deleted.",
        ),
    ),
    "deletion.requests": (
        ("个人请求按时答复", "Customers' requests answered in time"),
        ("本期 {requests} 件，均按时", "{requests} request(s) in the period, all in time"),
        ("{missed} 件逾期：{which}", "{missed} late: {which}"),
        (
            "尽快答复逾期请求并告知客户原因；检查人员安排和提醒。",
            "Answer the late requests now and tell the customers why; review who handles requests.",
        ),
    ),
    "deletion.retention": (
        ("设定保存期限规则", "Retention rules set"),
        (
            "{rules} 条规则生效；本期删除 {erased} 位客户",
            "{rules} rule(s) in force; {erased} customers erased in the period",
        ),
        ("没有保存期限规则", "No retention rule"),
        (
            "为每个用途设定保存期限（custos retention rules），并定期审核执行。",
            "Set a retention period per purpose (custos retention rules) and review them regularly.",
        ),
    ),
    "roles.owner": (
        ("职责明确：有负责人，按角色分工", "Duties assigned: a responsible owner, work split by role"),
        (
            "负责人：{owners}；{users} 个在用账号，{roles} 个角色",
            "Responsible: {owners}; {users} active accounts, {roles} roles",
        ),
        ("没有在用的所有者账号，或未分角色", "No active owner account, or no roles"),
        (
            "指定一名所有者负责个人信息保护，按岗位为员工分配角色。",
            "Name an owner responsible for personal information and give each person a role.",
        ),
    ),
    "training.acknowledged": (
        ("员工已阅读并确认现行制度", "Staff have read and acknowledged the current policy"),
        (
            "制度版本 {version}，{users} 名在用员工均已确认",
            "Policy version {version}, acknowledged by all {users} active users",
        ),
        ("制度版本：{version}；未确认：{missing}", "Policy version: {version}; not acknowledged: {missing}"),
        (
            "生成书面制度（custos report policy），并让每位员工登录时确认。",
            "Generate the written policy (custos report policy) "
            "and have every user acknowledge it at sign-in.",
        ),
    ),
    "monitoring.alerts": (
        ("异常访问监控开启且及时处理", "Unusual-access monitoring on, alerts handled"),
        ("{rules} 条规则开启；未处理警报 {open} 条", "{rules} rule(s) on; {open} alert(s) open"),
        (
            "{rules} 条规则开启；{stale} 条警报超过一周未处理",
            "{rules} rule(s) on; {stale} alert(s) open for over a week",
        ),
        (
            "查看并确认警报（custos alerts），必要时记录安全事件；开启监控规则。",
            "Review and acknowledge the alerts (custos alerts), "
            "record an incident where needed; turn the rules on.",
        ),
    ),
    "monitoring.incidents": (
        ("安全事件及时处置", "Incidents dealt with promptly"),
        ("本期事件 {incidents} 起，未结 {open} 起", "{incidents} incident(s), {open} open"),
        ("{old} 起事件超过 30 天未结", "{old} incident(s) open for over 30 days"),
        (
            "完成处置并关闭事件，按第五十七条决定是否告知。",
            "Finish and close the incidents; decide on notification under Art. 57.",
        ),
    ),
    "review.regular": (
        ("定期合规审计（至少每年一次）", "Regular compliance audits (at least yearly)"),
        (
            "上一次报告：{previous}；下一次应在 {due} 之前",
            "Previous report: {previous}; the next is due by {due}",
        ),
        (
            "一年内没有合规报告（上一次：{previous}）",
            "No compliance report within the year (previous: {previous})",
        ),
        ("保存本报告，并至少每年生成一次。", "Keep this report and make one at least every year."),
    ),
    "pipl.art51_rules": (
        ("第五十一条：内部管理制度和操作规程", "Art. 51: internal rules and procedures"),
        ("书面制度已生成", "A written policy exists"),
        ("尚无书面制度", "No written policy yet"),
        ("生成书面制度（custos report policy）。", "Generate the written policy (custos report policy)."),
    ),
    "pipl.art51_classification": (
        ("第五十一条：分类管理", "Art. 51: classification"),
        ("{fields} 个字段均已分级并注明用途", "All {fields} fields classified with their purposes"),
        ("部分个人信息字段没有用途", "Some personal fields have no purpose"),
        ("见“收集”一项。", "See the Collection item."),
    ),
    "pipl.art51_encryption": (
        ("第五十一条：加密、去标识化", "Art. 51: encryption and de-identification"),
        (
            "整体加密，敏感字段专用密钥，角色掩码显示",
            "Whole-vault encryption, a key of their own for sensitive fields, masking by role",
        ),
        ("敏感字段加密未完成", "Sensitive-field encryption unfinished"),
        ("见“保护”一项。", "See the Protection item."),
    ),
    "pipl.art51_access": (
        ("第五十一条：合理确定操作权限", "Art. 51: access rights set by role"),
        ("{roles} 个角色，敏感字段仅限必要角色", "{roles} roles; sensitive fields only where needed"),
        ("权限过宽或无负责人", "Access too wide, or nobody responsible"),
        ("见“使用”和“角色与职责”两项。", "See the Use and Roles items."),
    ),
    "pipl.art51_training": (
        ("第五十一条：定期培训", "Art. 51: regular training"),
        ("全部员工已确认现行制度", "Every user acknowledged the current policy"),
        ("有员工未确认现行制度", "Some users have not acknowledged the current policy"),
        ("见“培训与宣传”一项。", "See the Training item."),
    ),
    "pipl.art51_incident_plan": (
        ("第五十一条：安全事件应急预案", "Art. 51: incident response plan"),
        (
            "{rules} 条监控规则，事件登记在用（{incidents} 起）",
            "{rules} monitoring rule(s); the incident register in use ({incidents})",
        ),
        ("监控或事件处置未达要求", "Monitoring or incident handling falls short"),
        ("见“安全监控与应急响应”两项。", "See the Monitoring items."),
    ),
    "pipl.art54_audit": (
        ("第五十四条：定期合规审计", "Art. 54: regular compliance audits"),
        ("定期审计且日志完整", "Audited regularly, the log intact"),
        ("缺少定期审计或日志未通过校验", "No regular audit, or the log did not verify"),
        ("见“持续监控与优化”和审计日志两项。", "See the Review and audit log items."),
    ),
}

LEVEL_MARKS = {"write": ("写", "W"), "read": ("读", "R"), "masked": ("掩", "M"), "hidden": ("—", "—")}
STATES = {
    "active": ("有效", "current"),
    "not_started": ("未生效", "not started"),
    "expired": ("已过期", "expired"),
    "suspended": ("暂停", "suspended"),
    "ended": ("已终止", "ended"),
    "pending": ("待确认删除", "deletion pending"),
    "confirmed": ("已确认删除", "deletion confirmed"),
    "met": ("按时", "in time"),
    "missed": ("逾期办结", "answered late"),
    "open": ("处理中", "in progress"),
    "overdue": ("已逾期", "overdue"),
    "paused": ("暂停计时", "clock paused"),
    "closed": ("已关闭", "closed"),
    "contained": ("已控制", "contained"),
    "low": ("低", "low"),
    "medium": ("中", "medium"),
    "high": ("高", "high"),
    "critical": ("严重", "critical"),
    "plain": ("未加密", "plain"),
    "aes-256-zip": ("AES-256 加密 ZIP", "AES-256 ZIP"),
}
INCIDENT_STATES = {
    "open": ("未结", "open"),
    "contained": ("已控制", "contained"),
    "closed": ("已关闭", "closed"),
}
REQUEST_TYPES = {
    "know": ("查阅复制", "access"),
    "correct": ("更正", "correction"),
    "delete": ("删除", "deletion"),
    "withdraw": ("撤回同意", "withdrawal"),
    "restrict": ("限制处理", "restriction"),
    "portability": ("转移", "portability"),
    "explain": ("解释说明", "explanation"),
}
ERASURE_REASONS = {
    "request": ("应请求", "on request"),
    "retention": ("保存期满", "retention"),
    "purge": ("回收站清理", "purge"),
    "reapplied": ("恢复后重新删除", "re-applied"),
}
LEGAL_BASES = {
    "consent": ("个人同意", "consent"),
    "contract": ("履行合同所必需", "contract"),
    "legal_obligation": ("履行法定义务所必需", "legal obligation"),
    "vital_interests": ("紧急情况下保护生命财产", "vital interests"),
}
ALERT_RULES = {
    "reads_per_hour": ("每小时查看客户数", "customers opened per hour"),
    "reveals_per_hour": ("每小时显示掩码值", "reveals per hour"),
    "exports_outside_hours": ("非工作时间导出", "exports outside hours"),
    "failed_signins_per_hour": ("每小时登录失败", "failed sign-ins per hour"),
    "backup_age_days": ("备份间隔天数", "days since backup"),
    "reads_above_usual": ("查看客户数超出本人平常的倍数", "customers opened above the user's usual (times)"),
    "usual_reads_floor": ("超出平常规则的最低门槛", "least count for the above-usual rule"),
    "working_hours": ("工作时间", "working hours"),
}


class _Text:
    def __init__(self, language: str, roles: Sequence[Any] = ()) -> None:
        self.index = 0 if language == "zh" else 1
        self.language = language
        # Built-in roles by their name in the report's language (审计员, not "auditor"), as the
        # written policy names them; a custom role by the name the owner gave it.
        self._role_labels = {r.name: role_label(r, language) for r in roles}

    def __call__(self, key: str, **values: Any) -> str:
        text = T[key][self.index]
        return text.format(**values) if values else text

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[self.index]

    def of(self, table: dict[str, tuple[str, str]], key: str | None) -> str:
        if not key:
            return ""
        pair = table.get(key)
        return pair[self.index] if pair else key

    def join(self, items: Sequence[str]) -> str:
        return ("、" if self.index == 0 else ", ").join(items)

    def role(self, name: str) -> str:
        return self._role_labels.get(name, self._role_labels.get(name.lower(), name))

    def roles(self, names: Sequence[str]) -> str:
        return self.join([self.role(n) for n in names])

    def number(self, value: int) -> str:
        return f"{value:,}"

    def day(self, stamp: str | None) -> str:
        if not stamp:
            return self("never")
        try:
            return (
                datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
            )
        except ValueError:
            return stamp


def _table(
    st: Styles, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], *, small=False
) -> Table:
    cell = st.small_cell if small else st.cell
    head = st.small_head if small else st.cell_head
    data = [[c if not isinstance(c, str) else para(c, head) for c in header]]
    data += [[c if not isinstance(c, (str, int, float)) else para(c, cell) for c in row] for row in rows]
    result = Table(data, colWidths=[w * CONTENT_W for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result


def _facts(st: Styles, rows: Sequence[Sequence[Any]], widths: Sequence[float] = (0.28, 0.72)) -> Table:
    """Label/value rows without a header: the first column in the heading colour."""
    data = [
        [
            para(label, st.cell_head),
            value if not isinstance(value, (str, int, float)) else para(value, st.cell),
        ]
        for label, value in rows
    ]
    result = Table(data, colWidths=[w * CONTENT_W for w in widths])
    result.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


def _styles() -> Styles:
    from reportlab.lib.styles import ParagraphStyle

    st = Styles()
    st.small_cell = ParagraphStyle("small_cell", parent=st.cell, fontSize=7.5, leading=10)
    st.small_head = ParagraphStyle("small_head", parent=st.cell_head, fontSize=7.5, leading=10)
    st.ok = ParagraphStyle("ok", parent=st.cell, textColor=OK_GREEN)
    st.bad = ParagraphStyle("bad", parent=st.cell, textColor=BAD_RED)
    st.subhead = ParagraphStyle(
        "subhead", parent=st.cell_head, fontSize=10, leading=14, spaceBefore=9, spaceAfter=3, keepWithNext=1
    )
    st.code = ParagraphStyle(
        "code", parent=st.body, fontName=st.mono, fontSize=16, leading=22, textColor=ACCENT
    )
    return st


def _bar_chart_horizontal(
    st: Styles, t: _Text, labels: list[str], values: list[float], title: str
) -> Drawing:
    """Coverage per purpose: one bar each, 0–100 %, the percentage written at the bar's end."""
    row_h = 16
    height = max(60, row_h * len(labels) + 50)
    drawing = Drawing(CONTENT_W, height)
    drawing.add(String(0, height - 12, title, fontName=st.font, fontSize=9.5, fillColor=ACCENT))
    chart = HorizontalBarChart()
    longest = max((stringWidth(label, st.font, 8) for label in labels), default=0)
    chart.x = min(longest + 10, CONTENT_W * 0.42)
    labels = [_fit(label, st.font, 8, chart.x - 10) for label in labels]
    chart.y = 22
    chart.width = CONTENT_W - chart.x - 50
    chart.height = height - 42
    chart.data = [values]
    chart.bars[0].fillColor = BAR_BLUE
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = st.font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = st.font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.reverseDirection = 1
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = st.font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points (a chart label has one line)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _bar_chart_vertical(
    st: Styles, t: _Text, months: list[str], series: list[tuple[str, list[int], colors.Color]], title: str
) -> Drawing:
    """Counts per month, one bar per series side by side, with a legend."""
    height = 170
    drawing = Drawing(CONTENT_W, height)
    drawing.add(String(0, height - 12, title, fontName=st.font, fontSize=9.5, fillColor=ACCENT))
    chart = VerticalBarChart()
    chart.x = 34
    chart.y = 36
    chart.width = CONTENT_W - 50
    chart.height = height - 80
    chart.data = [values for _name, values, _color in series]
    for index, (_name, _values, color) in enumerate(series):
        chart.bars[index].fillColor = color
    chart.bars.strokeColor = None
    top = max([max(values) if values else 0 for _n, values, _c in series] + [1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * 5
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = st.font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = "%d"
    every = max(1, -(-len(months) // 12))
    chart.categoryAxis.categoryNames = [m if i % every == 0 else "" for i, m in enumerate(months)]
    chart.categoryAxis.labels.fontName = st.font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 6 else "n"
    chart.barSpacing = 1
    chart.groupSpacing = 6
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x = CONTENT_W - 10
        legend.y = height - 8
        legend.alignment = "right"
        legend.boxAnchor = "ne"
        legend.columnMaximum = 1
        legend.deltax = 80
        legend.fontName = st.font
        legend.fontSize = 8
        legend.dxTextSpace = 4
        legend.colorNamePairs = [(color, name) for name, _values, color in series]
        legend.dx = 8
        legend.dy = 8
        legend.variColumn = 1
        legend.autoXPadding = 10
        drawing.add(legend)
    return drawing


def _story(f: Figures, t: _Text, st: Styles, code: str) -> list:
    story: list = []
    h = lambda key: Paragraph(escape(t(key)), st.head)  # noqa: E731
    sub = lambda text: Paragraph(escape(text), st.subhead)  # noqa: E731
    body = lambda text: para(text, st.body)  # noqa: E731
    small = lambda text: para(text, st.small)  # noqa: E731
    lang = t.language

    def yes_no(value: bool) -> str:
        return t("yes") if value else t("no")

    # ------------------------------------------------------------------ first page
    story.append(Paragraph(escape(t("title")), st.title))
    story.append(Paragraph(escape(t("subtitle")), st.subtitle))
    period = f"{f.period.start.isoformat()} — {f.period.end.isoformat()}"
    facts = [
        (t("business"), f.business or "—"),
        (t("period"), period),
        (t("made"), t("made_value", user=f.made_by, role=f.role, when=t.day(f.made_at))),
    ]
    story.append(_facts(st, facts, [0.22, 0.78]))
    story.append(Spacer(1, 6))
    code_box = Table(
        [
            [para(t("code"), st.cell_head), Paragraph(escape(code), st.code)],
            ["", para(t("code_note", code=code), st.small)],
        ],
        colWidths=[0.22 * CONTENT_W, 0.78 * CONTENT_W],
    )
    code_box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(code_box)
    story.append(h("summary"))
    met = sum(1 for item in f.checklist if item.met)
    unmet = f.unmet()
    story.append(
        body(
            t(
                "summary_text",
                items=len(f.checklist),
                met=met,
                unmet=len(unmet),
                customers=t.number(f.live_customers),
            )
        )
    )
    if unmet:
        story.append(sub(t("to_do")))
        rows = []
        for item in unmet:
            requirement, _ok, _bad, remedy = ITEMS[item.key]
            rows.append([t.pick(PARTS[item.part]), t.pick(requirement), t.pick(remedy)])
        story.append(_table(st, [t("c_part"), t("c_item"), t("c_remedy")], rows, [0.16, 0.32, 0.52]))
    else:
        story.append(body(t("all_met")))
    story.append(Spacer(1, 6))
    story.append(small(t("no_personal")))

    # ------------------------------------------------------------------ 1 checklist
    story.append(PageBreak())
    story.append(h("s_check"))
    rows = []
    for item in f.checklist:
        requirement, ok_text, bad_text, remedy = ITEMS[item.key]
        values = {k: t.roles(v) if isinstance(v, tuple) else v for k, v in item.params.items()}
        values = {k: "—" if v in ("", None) else v for k, v in values.items()}
        evidence = (
            t.pick(ok_text if item.met else bad_text).format(**values)
            if values
            else t.pick(ok_text if item.met else bad_text)
        )
        if item.key == "protection.audit" and not item.params.get("available", True):
            evidence = t("u_unavailable")
        rows.append(
            [
                t.pick(PARTS[item.part]),
                t.pick(requirement),
                para(t("met") if item.met else t("unmet"), st.ok if item.met else st.bad),
                evidence,
                "" if item.met else t.pick(remedy),
            ]
        )
    story.append(
        _table(
            st,
            [t("c_part"), t("c_item"), t("c_state"), t("c_evidence"), t("c_remedy")],
            rows,
            [0.12, 0.22, 0.09, 0.29, 0.28],
            small=True,
        )
    )

    # ------------------------------------------------------------------ 2 inventory
    story.append(PageBreak())
    story.append(h("s_inventory"))
    rows = []
    for x in f.fields:
        label = x.label_zh if lang == "zh" else x.label_en
        if x.retired:
            label += f"（{t('retired')}）" if lang == "zh" else f" ({t('retired')})"
        protection = [t("p_vault")]
        if x.encrypted:
            protection.append(t("p_encrypted"))
            protection.append(t("p_exact"))
        if x.masked_for:
            protection.append(t("p_masked", roles=t.roles(x.masked_for)))
        if x.hidden_from:
            protection.append(t("p_hidden", roles=t.roles(x.hidden_from)))
        rows.append(
            [
                f"{label}\n{x.key}",
                t.pick(SENSITIVITY_LABELS.get(x.sensitivity, (x.sensitivity, x.sensitivity))),
                t.join([purpose_label(p, lang) for p in x.purposes]) or "—",
                t.number(x.filled),
                "；".join(protection) if lang == "zh" else "; ".join(protection),
            ]
        )
    story.append(
        _table(
            st,
            [t("i_field"), t("i_class"), t("i_purposes"), t("i_filled"), t("i_protection")],
            rows,
            [0.17, 0.15, 0.2, 0.11, 0.37],
            small=True,
        )
    )
    story.append(small(t("i_note")))
    story.append(sub(t("sensitive_head")))
    sensitive = [x for x in f.fields if x.sensitivity == "sensitive" and not x.retired]
    if not sensitive:
        story.append(body(t("no_sensitive")))
    roles_all = [r.name for r in f.roles]
    for x in sensitive:
        seen = [r for r in roles_all if r not in x.hidden_from]
        protection = t.join([t("p_vault")] + ([t("p_encrypted"), t("p_exact")] if x.encrypted else []))
        story.append(
            body(
                t(
                    "sensitive_text",
                    field=x.label_zh if lang == "zh" else x.label_en,
                    count=t.number(x.filled),
                    protection=protection,
                    roles=t.roles(seen) or t("nobody"),
                )
            )
        )

    # ------------------------------------------------------------------ 3 access
    story.append(PageBreak())
    story.append(h("s_access"))
    story.append(sub(t("a_matrix")))
    role_names = [t.role(r.name) for r in f.roles]
    n = max(1, len(role_names))
    first = 0.24
    widths = [first] + [(1 - first) / n] * n
    rows = []
    active_fields = [x for x in f.fields if not x.retired]
    for x in active_fields:
        label = x.label_zh if lang == "zh" else x.label_en
        rows.append([label] + [t.pick(LEVEL_MARKS[r.levels.get(x.key, "hidden")]) for r in f.roles])
    # Narrow columns: a two-word role breaks between its words ("Customer / service"), never
    # inside one, which the CJK wrapping every cell needs for Chinese would otherwise do.
    headers = [name.replace(" ", "\n") for name in role_names]
    matrix = _table(st, [t("i_field"), *headers], rows, widths, small=True)
    matrix.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER")]))
    story.append(matrix)
    story.append(small(t("a_legend")))
    story.append(Spacer(1, 6))
    story.append(sub(t("a_roles")))
    rows = [
        [
            t.role(r.name),
            t.role(r.base),
            str(r.users),
            t("all_perms")
            if r.base == "owner" and r.builtin
            else (t.join([permission_label(p, lang) for p in r.permissions]) or "—"),
        ]
        for r in f.roles
    ]
    story.append(
        _table(
            st,
            [t("a_role"), t("a_base"), t("a_users_n"), t("a_perms")],
            rows,
            [0.14, 0.12, 0.1, 0.64],
            small=True,
        )
    )
    story.append(Spacer(1, 6))
    story.append(sub(t("a_users")))
    rows = []
    for u in f.users:
        if f.policy_version is None:
            ack = t("a_no_policy")
        else:
            ack = t.day(u.acknowledged) if u.acknowledged else t("a_not_ack")
        rows.append(
            [
                u.name,
                t.role(u.role),
                t.of(STATES, u.status) if u.status != "disabled" else t("disabled"),
                t.day(u.last_signin),
                ack,
            ]
        )
    story.append(
        _table(
            st,
            [t("a_user"), t("a_role"), t("a_status"), t("a_last"), t("a_ack")],
            rows,
            [0.22, 0.14, 0.12, 0.22, 0.3],
            small=True,
        )
    )

    # ------------------------------------------------------------------ 4 consent
    story.append(PageBreak())
    story.append(h("s_consent"))
    if f.consents:
        labels = [purpose_label(c.purpose, lang, c.partner) for c in f.consents]
        story.append(
            _bar_chart_horizontal(
                st, t, labels, [round(c.coverage * 100, 1) for c in f.consents], t("k_chart")
            )
        )
        rows = [
            [
                label,
                t.number(c.current),
                f"{c.coverage * 100:.1f}%",
                t.number(c.given_in_period),
                t.number(c.withdrawn_in_period),
                t.number(c.expired_in_period),
            ]
            for label, c in zip(labels, f.consents, strict=True)
        ]
        story.append(
            _table(
                st,
                [
                    t("k_purpose"),
                    t("k_current"),
                    t("k_coverage"),
                    t("k_given"),
                    t("k_withdrawn"),
                    t("k_expired"),
                ],
                rows,
                [0.3, 0.14, 0.12, 0.15, 0.15, 0.14],
            )
        )
        story.append(small(t("k_note")))
    else:
        story.append(body(t("k_none")))
    story.append(sub(t("n_head")))
    if f.notices:
        rows = [
            [
                (n_.title_zh if lang == "zh" else n_.title_en) or n_.key,
                f"v{n_.version}" + (t("n_latest") if n_.latest else ""),
                t.join([purpose_label(p, lang) for p in n_.purposes]),
                t.day(n_.created_at),
                t.number(n_.records),
                t.number(n_.records_in_period),
            ]
            for n_ in f.notices
        ]
        story.append(
            _table(
                st,
                [t("n_text"), t("n_version"), t("i_purposes"), t("n_created"), t("n_in_use"), t("n_period")],
                rows,
                [0.24, 0.11, 0.23, 0.16, 0.13, 0.13],
            )
        )
    else:
        story.append(body(t("n_none")))

    # ------------------------------------------------------------------ 5 flows
    story.append(PageBreak())
    story.append(h("s_flows"))
    months = list(f.exports_by_month)
    story.append(
        _bar_chart_vertical(
            st, t, months, [(t("x_chart"), [f.exports_by_month[m] for m in months], BAR_BLUE)], t("x_chart")
        )
    )
    story.append(
        body(
            t(
                "x_total",
                count=t.number(f.exports_total),
                rows=t.number(f.exports_rows),
                plain=f.exports_plain,
            )
        )
    )
    story.append(sub(t("x_imports")))
    if f.imports:
        rows = [
            [
                t.day(i.at),
                i.user,
                i.format,
                i.source + (t("x_undone") if i.undone else ""),
                t.number(i.rows),
                f"{t.number(i.created)}/{t.number(i.updated)}",
            ]
            for i in f.imports
        ]
        story.append(
            _table(
                st,
                [t("x_when"), t("x_user"), t("x_format"), t("x_source"), t("x_rows"), t("x_result")],
                rows,
                [0.17, 0.12, 0.08, 0.39, 0.1, 0.14],
                small=True,
            )
        )
        if f.imports_total > len(f.imports):
            story.append(small(t("x_more", shown=len(f.imports), total=f.imports_total)))
    else:
        story.append(body(t("x_no_imports")))
    story.append(sub(t("x_exports")))
    if f.exports:
        rows = [
            [
                t.day(e.at),
                e.user,
                purpose_label(e.purpose, lang),
                t.of(LEGAL_BASES, e.legal_basis),
                e.partner or t("x_internal"),
                t.number(e.rows),
                t.of(STATES, e.protection),
            ]
            for e in f.exports
        ]
        story.append(
            _table(
                st,
                [
                    t("x_when"),
                    t("x_user"),
                    t("x_purpose"),
                    t("x_basis"),
                    t("x_partner"),
                    t("x_rows"),
                    t("x_protection"),
                ],
                rows,
                [0.16, 0.11, 0.13, 0.17, 0.17, 0.09, 0.17],
                small=True,
            )
        )
        if f.exports_total > len(f.exports):
            story.append(small(t("x_more", shown=len(f.exports), total=f.exports_total)))
    else:
        story.append(body(t("x_no_exports")))
    story.append(sub(t("x_partners")))
    if f.partners:
        rows = [
            [
                p.name,
                t.join([purpose_label(x, lang) for x in p.purposes]),
                f"{p.starts_on} — {p.expires_on}",
                t.join([t.of(STATES, p.state)] + ([t.of(STATES, p.deletion)] if p.deletion else [])),
                str(p.documents),
                f"{p.exports_in_period} / {t.number(p.rows_in_period)}",
            ]
            for p in f.partners
        ]
        story.append(
            _table(
                st,
                [t("x_partner"), t("i_purposes"), t("x_agreement"), t("x_state"), t("x_docs"), t("x_shared")],
                rows,
                [0.18, 0.2, 0.22, 0.16, 0.1, 0.14],
                small=True,
            )
        )
    else:
        story.append(body(t("x_no_partners")))

    # ------------------------------------------------------------------ 6 requests
    story.append(PageBreak())
    story.append(h("s_requests"))
    months = list(f.requests_by_month)
    story.append(
        _bar_chart_vertical(
            st,
            t,
            months,
            [
                (t("r_received"), [f.requests_by_month[m]["received"] for m in months], BAR_BLUE),
                (t("r_met"), [f.requests_by_month[m]["met"] for m in months], BAR_GREEN),
                (t("r_missed"), [f.requests_by_month[m]["missed"] for m in months], BAR_RED),
            ],
            t("r_chart"),
        )
    )
    if f.requests:
        counts = {"met": 0, "missed": 0, "open": 0}
        for r in f.requests:
            key = "missed" if r.result in ("missed", "overdue") else ("met" if r.result == "met" else "open")
            counts[key] += 1
        story.append(body(t("r_summary", total=len(f.requests), **counts)))
        rows = [
            [
                r.reference,
                t.of(REQUEST_TYPES, r.type),
                r.received,
                r.due or "—",
                r.closed or "—",
                para(t.of(STATES, r.result), st.bad if r.result in ("missed", "overdue") else st.cell),
            ]
            for r in f.requests[:500]
        ]
        story.append(
            _table(
                st,
                [t("r_ref"), t("r_type"), t("r_received_on"), t("r_due"), t("r_closed"), t("r_result")],
                rows,
                [0.15, 0.17, 0.16, 0.16, 0.16, 0.2],
                small=True,
            )
        )
        if len(f.requests) > 500:
            story.append(small(t("x_more", shown=500, total=len(f.requests))))
    else:
        story.append(body(t("r_none")))
    story.append(sub(t("t_head")))
    story.append(
        body(
            t(
                "t_text",
                rules=f.retention_rules,
                reviews=f.retention_reviews,
                applied=f.retention_applied,
                holds=f.holds_active,
            )
        )
    )
    if f.erasures:
        detail = t.join([f"{t.of(ERASURE_REASONS, k)} {t.number(v)}" for k, v in sorted(f.erasures.items())])
        story.append(body(t("t_erased", detail=detail)))
    else:
        story.append(body(t("t_none")))

    # ------------------------------------------------------------------ 7 backups
    story.append(CondPageBreak(70 * mm))
    story.append(h("s_backup"))
    b = f.backups
    if b.last_backup:
        last = t.join(
            [t.day(b.last_backup), t("b_verified") if b.last_verified else t("b_unverified")]
            + (
                [t("b_customers", count=t.number(b.last_backup_customers))]
                if b.last_backup_customers is not None
                else []
            )
        )
    else:
        last = t("b_none")
    drill = (
        t.join([t.day(b.last_drill), t("b_drill_ok") if b.last_drill_ok else t("b_drill_bad")])
        if b.last_drill
        else t("never")
    )
    rows = [
        [t("b_last"), para(last, st.cell if b.last_backup else st.bad)],
        [t("b_drill"), drill],
        [t("b_good_drill"), t.day(b.last_good_drill)],
        [
            t("b_period"),
            t(
                "b_period_value",
                ok=b.backups_in_period,
                bad=b.failures_in_period,
                drills=b.drills_in_period,
                limit=b.warn_after_days,
            ),
        ],
    ]
    story.append(_facts(st, rows))

    # ------------------------------------------------------------------ 8 audit, incidents, alerts
    story.append(CondPageBreak(60 * mm))
    story.append(h("s_audit"))
    a = f.audit
    if not a.available:
        result = para(t("u_unavailable"), st.cell)
    elif a.ok:
        result = para(t("u_ok", entries=t.number(a.entries), checkpoints=a.checkpoints), st.ok)
    else:
        result = para(t("u_bad", problems="; ".join(a.problems)), st.bad)
    rows = [
        [t("u_result"), result],
        [t("u_head"), para(t("u_head_value", seq=a.head_seq, hash=a.head_hash or "—"), st.mono_small)],
        [t("u_period"), t.number(a.entries_in_period)],
    ]
    story.append(_facts(st, rows))
    story.append(sub(t("e_head")))
    if f.incidents:
        if not f.incidents_available:
            story.append(small(t("e_hidden")))
        rows = [
            [
                f"#{i.id} {i.title}" if i.title else f"#{i.id}",
                t.of(STATES, i.severity),
                t.of(INCIDENT_STATES, i.status),
                t.day(i.discovered),
                t.number(i.customers),
                f"{yes_no(i.notify_customers)} / {yes_no(i.notify_regulator)}",
            ]
            for i in f.incidents
        ]
        story.append(
            _table(
                st,
                [t("e_title"), t("e_severity"), t("e_status"), t("e_found"), t("e_customers"), t("e_notify")],
                rows,
                [0.32, 0.1, 0.11, 0.18, 0.11, 0.18],
                small=True,
            )
        )
    else:
        story.append(body(t("e_none")))
    story.append(sub(t("l_head")))
    rules_text = t.join([f"{t.of(ALERT_RULES, k)} {v}" for k, v in f.alert_rules.items()])
    story.append(small(t("l_rules", rules=rules_text)))
    if f.alerts:
        if not f.alerts_available:
            story.append(small(t("e_hidden")))
        rows = [
            [
                t.of(ALERT_RULES, x.rule),
                x.subject or "—",
                t.day(x.window_start) if x.window_start[:1].isdigit() else x.window_start,
                f"{x.count} / {x.threshold}",
                para(t("l_open") if x.open else t("l_ack"), st.bad if x.open else st.cell),
            ]
            for x in f.alerts
        ]
        story.append(
            _table(
                st,
                [t("l_rule"), t("l_subject"), t("l_when"), t("l_count"), t("l_state")],
                rows,
                [0.26, 0.18, 0.22, 0.16, 0.18],
                small=True,
            )
        )
    else:
        story.append(body(t("l_none")))
    return story


def render(f: Figures, language: str, code: str) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages."""
    t = _Text(language, f.roles)
    st = _styles()
    buffer = io.BytesIO()
    business = f"{f.business} · " if f.business else ""

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(st.font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, PAGE_H - 12 * mm, t("title"))
        canvas.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 12 * mm, f.business or "")
        canvas.drawCentredString(
            PAGE_W / 2,
            10 * mm,
            t(
                "footer",
                business=business,
                start=f.period.start.isoformat(),
                end=f.period.end.isoformat(),
                code=code,
                page=doc.page,
            ),
        )
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_X, PAGE_H - 14 * mm, PAGE_W - MARGIN_X, PAGE_H - 14 * mm)
        canvas.line(MARGIN_X, 14 * mm, PAGE_W - MARGIN_X, 14 * mm)
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=t("title"),
        author=f.business or "Custos",
        subject=f"{f.period.start.isoformat()} - {f.period.end.isoformat()}",
        keywords=f"CUSTOS-REPORT-CODE:{code}",
        creator="Custos",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(_story(f, t, st, code))
    return buffer.getvalue(), doc.page
