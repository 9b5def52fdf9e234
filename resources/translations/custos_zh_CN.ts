<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Access</name>
    <message>
        <location filename="../../ui/access_names.py" line="18"/>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="19"/>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="20"/>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="21"/>
        <source>Customer service</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="22"/>
        <source>Field staff</source>
        <translation>外勤</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="23"/>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="27"/>
        <source>Hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="28"/>
        <source>Masked</source>
        <translation>脱敏</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="29"/>
        <source>Read only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="30"/>
        <source>Read and edit</source>
        <translation>可编辑</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="34"/>
        <source>Manage users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="35"/>
        <source>Edit roles and access</source>
        <translation>编辑角色与权限</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="36"/>
        <source>Edit the field catalogue</source>
        <translation>编辑字段目录</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="37"/>
        <source>Export customer data</source>
        <translation>导出客户数据</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="38"/>
        <source>Manage the partner register</source>
        <translation>管理合作伙伴名册</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="39"/>
        <source>Make backups</source>
        <translation>创建备份</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="40"/>
        <source>Restore backups</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="41"/>
        <source>Manage backup schedule and pruning</source>
        <translation>管理备份计划和清理</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="42"/>
        <source>View the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="43"/>
        <source>Check the vault&apos;s integrity</source>
        <translation>检查保管库完整性</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="44"/>
        <source>Handle customers&apos; requests</source>
        <translation>处理客户的个人信息请求</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="45"/>
        <source>Delete customers</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="46"/>
        <source>Erase customers for good</source>
        <translation>彻底删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="47"/>
        <source>Review and apply retention rules</source>
        <translation>审核并执行保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="48"/>
        <source>Merge duplicate customers</source>
        <translation>合并重复客户</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="49"/>
        <source>Reveal masked values</source>
        <translation>查看脱敏字段的完整值</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="53"/>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="54"/>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <location filename="../../ui/access_names.py" line="82"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>AccountFeature</name>
    <message>
        <location filename="../../ui/account.py" line="26"/>
        <source>Sign in &amp;automatically on this PC</source>
        <translation>在此电脑上自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="32"/>
        <source>Custos keeps a key in this PC&apos;s secure keyring and does not ask for your password here.</source>
        <translation>Custos 会在此电脑的安全密钥环中保存一个密钥，在此电脑上不再询问您的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="34"/>
        <source>Not available: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="63"/>
        <source>Automatic sign-in is off on this PC.</source>
        <translation>已关闭此电脑上的自动登录。</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="71"/>
        <source>Sign in automatically on this PC</source>
        <translation>在此电脑上自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="72"/>
        <source>Enter your password to turn automatic sign-in on for this PC:</source>
        <translation>请输入您的密码，以在此电脑上开启自动登录：</translation>
    </message>
    <message>
        <location filename="../../ui/account.py" line="92"/>
        <source>Custos will sign you in automatically on this PC.</source>
        <translation>Custos 将在此电脑上自动为您登录。</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="274"/>
        <source>Your business and the owner</source>
        <translation>您的企业与所有者</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="277"/>
        <source>The owner manages users, rules and every record. Without the owner&apos;s password, or the recovery code, nobody can read the vault.</source>
        <translation>所有者管理用户、规则和全部记录。没有所有者的密码或恢复码，任何人都无法读取保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="282"/>
        <source>Printed on reports; may be left empty</source>
        <translation>将打印在报表上；可留空</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="284"/>
        <source>The name you will sign in with</source>
        <translation>您登录时使用的名称</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="290"/>
        <source>Show passwords</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="293"/>
        <source>At least %1 characters. A few unrelated words make a strong password.</source>
        <translation>至少 %1 个字符。将几个互不相关的词组合起来，即可构成强密码。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="300"/>
        <source>Business name:</source>
        <translation>企业名称：</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="301"/>
        <source>Owner&apos;s name:</source>
        <translation>所有者名称：</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="303"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="307"/>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="316"/>
        <source>Create vault</source>
        <translation>创建保管库</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="335"/>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="344"/>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="259"/>
        <source>Acknowledge alert %1</source>
        <translation>确认告警 %1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="266"/>
        <source>e.g. checked with her: month-end call list</source>
        <translation>例如：已与她核实，为月底回访名单</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="267"/>
        <source>What you found</source>
        <translation>核查结果</translation>
    </message>
</context>
<context>
    <name>AddFieldDialog</name>
    <message>
        <location filename="../../ui/fields_dialog.py" line="136"/>
        <source>Add a custom field</source>
        <translation>添加自定义字段</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="143"/>
        <source>e.g. Birthday</source>
        <translation>例如：Birthday</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="146"/>
        <source>e.g. 生日</source>
        <translation>例如：生日</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="149"/>
        <source>e.g. birthday</source>
        <translation>例如：birthday</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="160"/>
        <source>Required when adding a customer</source>
        <translation>添加客户时必填</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="166"/>
        <source>One choice per line</source>
        <translation>每行一个选项</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="174"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="179"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="191"/>
        <source>English label:</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="192"/>
        <source>Chinese label:</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="194"/>
        <source>Key:</source>
        <translation>键名：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="196"/>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="198"/>
        <source>Choices:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="200"/>
        <source>Allowed range:</source>
        <translation>允许范围：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="204"/>
        <source>Sensitivity:</source>
        <translation>敏感程度：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="205"/>
        <source>Collected for:</source>
        <translation>收集用途：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="210"/>
        <source>The key names the field in exports and imports and cannot be changed later. Collect only what the purposes need.</source>
        <translation>键名用于在导出和导入时标识该字段，创建后无法更改。请仅收集实现用途所必需的信息。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="220"/>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="273"/>
        <source>The smallest allowed value is larger than the largest.</source>
        <translation>允许的最小值大于最大值。</translation>
    </message>
</context>
<context>
    <name>AddRoleDialog</name>
    <message>
        <location filename="../../ui/roles_dialog.py" line="65"/>
        <source>Add a role</source>
        <translation>添加角色</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="68"/>
        <source>e.g. billing</source>
        <translation>例如：billing</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="78"/>
        <source>Lower-case letters, digits, - and _. The new role sees each field as the base role does until you change it, and starts with no permissions.</source>
        <translation>只能使用小写字母、数字、- 和 _。在您更改之前，新角色对各字段的访问级别与基础角色相同，且初始不具有任何权限。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="86"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="87"/>
        <source>Based on:</source>
        <translation>基于：</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="91"/>
        <source>Add role</source>
        <translation>添加角色</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="106"/>
        <source>Enter a name for the role.</source>
        <translation>请输入角色名称。</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="65"/>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="72"/>
        <source>Tell them the initial password in person. They choose their own at their first sign-in.</source>
        <translation>请当面告知对方初始密码。对方首次登录时将设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="80"/>
        <source>Name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="81"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="82"/>
        <source>Initial password:</source>
        <translation>初始密码：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="83"/>
        <source>Password again:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="87"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="101"/>
        <source>Enter the user&apos;s name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>AdministrationFeature</name>
    <message>
        <location filename="../../ui/administration.py" line="30"/>
        <source>&amp;Field catalogue…</source>
        <translation>字段目录…</translation>
    </message>
    <message>
        <location filename="../../ui/administration.py" line="31"/>
        <source>&amp;Users…</source>
        <translation>用户…</translation>
    </message>
    <message>
        <location filename="../../ui/administration.py" line="32"/>
        <source>&amp;Roles and access…</source>
        <translation>角色与权限…</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="78"/>
        <source>Customers opened in an hour</source>
        <translation>每小时打开的客户数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="79"/>
        <source>More than the user&apos;s usual</source>
        <translation>多于用户平时</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="80"/>
        <source>Least that counts as more than usual</source>
        <translation>“多于平时”的最低客户数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="83"/>
        <source>Masked values revealed in an hour</source>
        <translation>每小时查看脱敏值的次数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="84"/>
        <source>Exports outside working hours</source>
        <translation>工作时间以外的导出</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="85"/>
        <source>Failed sign-ins in an hour</source>
        <translation>每小时登录失败次数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="86"/>
        <source>Days without a backup</source>
        <translation>未备份天数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="87"/>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="94"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="95"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="96"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="97"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="104"/>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="105"/>
        <source>Contained</source>
        <translation>已控制</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="106"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="115"/>
        <source>(names with no account)</source>
        <translation>（不存在的用户名）</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="116"/>
        <source>(the vault)</source>
        <translation>（保管库）</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="167"/>
        <source>New</source>
        <translation>未处理</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="169"/>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="189"/>
        <location filename="../../ui/alerts_dialog.py" line="239"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="190"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="191"/>
        <source>Raised</source>
        <translation>发出时间</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="192"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="193"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="194"/>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="195"/>
        <source>Limit</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="196"/>
        <source>What happened</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="240"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="241"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="242"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="243"/>
        <source>Discovered</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="244"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="245"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="617"/>
        <source>Alerts and incidents</source>
        <translation>告警与安全事件</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="638"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="640"/>
        <source>Incidents</source>
        <translation>安全事件</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="647"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="663"/>
        <source>New alerts</source>
        <translation>未处理的告警</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="664"/>
        <source>All alerts</source>
        <translation>全部告警</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="668"/>
        <source>Rules…</source>
        <translation>规则…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="682"/>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="686"/>
        <source>Only an owner acknowledges alerts and changes the rules.</source>
        <translation>只有所有者可以确认告警和修改规则。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="702"/>
        <source>Record an incident…</source>
        <translation>登记安全事件…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="718"/>
        <source>Update…</source>
        <translation>更新…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="726"/>
        <source>Write notice letters…</source>
        <translation>生成告知函…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="732"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="804"/>
        <source>No alerts.</source>
        <translation>没有告警。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="808"/>
        <source>Acknowledged by %1 on %2: %3</source>
        <translation>%1 于 %2 确认：%3</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="829"/>
        <source>Alert %1 acknowledged.</source>
        <translation>告警 %1 已确认。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="868"/>
        <source>The rules were saved.</source>
        <translation>规则已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="868"/>
        <source>Nothing was changed in the rules.</source>
        <translation>规则没有改动。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="894"/>
        <source>No incidents recorded.</source>
        <translation>尚未登记安全事件。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="897"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="897"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="900"/>
        <source>Notify customers: %1 — %2</source>
        <translation>告知客户：%1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="903"/>
        <source>Notify the regulator: %1 — %2</source>
        <translation>报告监管部门：%1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="908"/>
        <source>Actions: %1</source>
        <translation>已采取的措施：%1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="941"/>
        <source>Searching the audit log…</source>
        <translation>正在检索审计日志…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="947"/>
        <source>Access by %1</source>
        <translation>%1的访问</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="969"/>
        <source>Incident %1 recorded.</source>
        <translation>安全事件 %1 已登记。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="976"/>
        <source>Incident %1 updated.</source>
        <translation>安全事件 %1 已更新。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1011"/>
        <source>Save the notice letters</source>
        <translation>保存告知函</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1037"/>
        <source>%1 letter(s) were saved to %2.</source>
        <translation>%1 封告知函已保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1054"/>
        <source>Writing the notice letters…</source>
        <translation>正在生成告知函…</translation>
    </message>
</context>
<context>
    <name>AlertsFeature</name>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1103"/>
        <source>&amp;Alerts and incidents…</source>
        <translation>告警与安全事件…</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1104"/>
        <source>Unusual-access alerts and the incident register</source>
        <translation>异常访问告警和安全事件登记</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1105"/>
        <source>Open Tools → Alerts and incidents</source>
        <translation>打开 工具 → 告警与安全事件</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="1154"/>
        <source>⚠ New alerts: %1</source>
        <translation>⚠ 未处理告警：%1</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../ui/audit_dialog.py" line="300"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="302"/>
        <source>History of customer %1</source>
        <translation>客户 %1 的历史记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="320"/>
        <source>Verify again</source>
        <translation>重新验证</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="337"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="340"/>
        <source>All actions</source>
        <translation>所有操作</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="343"/>
        <source>Customer no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="352"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="353"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="354"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="355"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="356"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="362"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="365"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="392"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="408"/>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="450"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="465"/>
        <source>No entries match these filters.</source>
        <translation>没有符合筛选条件的记录。</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="467"/>
        <source>Entries: %1</source>
        <translation>记录：%1 条</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="470"/>
        <source>Entries shown: %1 (scroll for older ones)</source>
        <translation>已显示 %1 条记录（向下滚动查看更早的记录）</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="480"/>
        <source>Verifying the log…</source>
        <translation>正在验证日志…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="495"/>
        <source>✔ Intact: %1 entries verified against %2 signed checkpoints.</source>
        <translation>✔ 完整：%1 条记录已对照 %2 个签名检查点验证。</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="502"/>
        <source>✘ The log was tampered with: %1</source>
        <translation>✘ 日志已被篡改：%1</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="506"/>
        <source>What this check cannot see: a whole vault folder put back to an earlier state (as restoring a backup does); entries removed by a user who holds the data key after every other user&apos;s newest checkpoint; before a user signs in again after a data-key rotation, their checkpoint pins only its own entry.</source>
        <translation>此检查无法发现：整个保管库文件夹被恢复到较早的状态（恢复备份即是如此）；持有数据密钥的用户删除了在其他所有用户最新检查点之后写入的记录；数据密钥轮换后，在用户再次登录之前，其检查点只固定它自己的那一条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="516"/>
        <source>The log could not be verified: %1</source>
        <translation>无法验证日志：%1</translation>
    </message>
</context>
<context>
    <name>AuditFeature</name>
    <message>
        <location filename="../../ui/audit_dialog.py" line="534"/>
        <source>&amp;Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="535"/>
        <source>&amp;History…</source>
        <translation>历史记录…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="536"/>
        <source>Who viewed or changed this customer, and when</source>
        <translation>谁在何时查看或修改过此客户</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../../ui/audit_dialog.py" line="51"/>
        <source>Vault created</source>
        <translation>创建保管库</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="52"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="53"/>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="54"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="55"/>
        <source>Automatic sign-in turned on</source>
        <translation>开启自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="56"/>
        <source>Automatic sign-in turned off</source>
        <translation>关闭自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="57"/>
        <source>Customer added</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="58"/>
        <source>Customers added in bulk</source>
        <translation>批量添加客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="59"/>
        <source>Customer changed</source>
        <translation>修改客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="60"/>
        <source>Customer deleted</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="61"/>
        <source>Customer opened</source>
        <translation>查看客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="62"/>
        <source>Masked value revealed</source>
        <translation>显示遮盖的值</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="63"/>
        <source>Sensitive value looked up</source>
        <translation>查询敏感值</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="64"/>
        <source>Customers merged</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="65"/>
        <source>Merged into another customer</source>
        <translation>已合并到另一客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="66"/>
        <source>Consent given</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="67"/>
        <source>Consent refused</source>
        <translation>拒绝同意</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="68"/>
        <source>Consent withdrawn</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="69"/>
        <source>Consent text version added</source>
        <translation>新增告知同意文本版本</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="70"/>
        <source>Consent evidence opened</source>
        <translation>查看同意凭证</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="71"/>
        <source>Consent records exported</source>
        <translation>导出同意记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="72"/>
        <source>Pinyin search prepared</source>
        <translation>准备拼音搜索</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="73"/>
        <source>Field added</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="74"/>
        <source>Field changed</source>
        <translation>修改字段</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="75"/>
        <source>Fields reordered</source>
        <translation>调整字段顺序</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="76"/>
        <source>Field retired</source>
        <translation>停用字段</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="77"/>
        <source>User added</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="78"/>
        <source>User removed</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="79"/>
        <source>User disabled</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="80"/>
        <source>User enabled</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="81"/>
        <source>User&apos;s role changed</source>
        <translation>更改用户角色</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="82"/>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="83"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="84"/>
        <source>Role added</source>
        <translation>添加角色</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="85"/>
        <source>Field access changed</source>
        <translation>修改字段权限</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="86"/>
        <source>Role permissions changed</source>
        <translation>修改角色权限</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="87"/>
        <source>Recovery code replaced</source>
        <translation>更换恢复码</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="88"/>
        <source>Data key rotated</source>
        <translation>轮换数据密钥</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="89"/>
        <source>Sensitive values encrypted</source>
        <translation>加密敏感值</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="90"/>
        <source>Signed checkpoints started</source>
        <translation>开始签名检查点</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="91"/>
        <source>Customer erased for good</source>
        <translation>客户已彻底删除</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="92"/>
        <source>Erasure applied again</source>
        <translation>再次执行删除</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="93"/>
        <source>Erasure ledger replayed</source>
        <translation>已重放删除记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="94"/>
        <source>Fields anonymised</source>
        <translation>字段已匿名化</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="95"/>
        <source>Copy of a customer&apos;s data made</source>
        <translation>已生成客户信息副本</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="96"/>
        <source>Legal hold placed</source>
        <translation>已设置法定保留</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="97"/>
        <source>Legal hold released</source>
        <translation>已解除法定保留</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="98"/>
        <source>Held values read</source>
        <translation>已查看保留的信息</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="99"/>
        <source>Held values deleted at the end of the hold</source>
        <translation>保留期满，已删除保留信息</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="100"/>
        <source>Request registered</source>
        <translation>已登记请求</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="101"/>
        <source>Request changed</source>
        <translation>请求已修改</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="102"/>
        <source>Proof of identity asked for</source>
        <translation>已要求提供身份证明</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="103"/>
        <source>Requester&apos;s identity checked</source>
        <translation>已核验请求人身份</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="104"/>
        <source>Request deadline extended</source>
        <translation>请求期限已延长</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="105"/>
        <source>Action recorded on a request</source>
        <translation>已记录请求处理措施</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="106"/>
        <source>Correction made for a request</source>
        <translation>已按请求更正</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="107"/>
        <source>Consent withdrawn for a request</source>
        <translation>已按请求撤回同意</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="108"/>
        <source>Request closed</source>
        <translation>请求已结案</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="109"/>
        <source>Reply letter written</source>
        <translation>已生成答复函</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="110"/>
        <source>Request deadline rules changed</source>
        <translation>请求期限规则已修改</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="111"/>
        <source>Retention rule added</source>
        <translation>已添加保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="112"/>
        <source>Retention rule removed</source>
        <translation>已移除保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="113"/>
        <source>Retention review</source>
        <translation>保存期限审核</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="114"/>
        <source>Retention applied</source>
        <translation>已执行保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="115"/>
        <source>Grace period for deleted customers changed</source>
        <translation>已删除客户的宽限期已修改</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="116"/>
        <source>Customers exported</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="117"/>
        <source>Partner registered</source>
        <translation>登记合作伙伴</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="118"/>
        <source>Partner agreement changed</source>
        <translation>修改合作伙伴协议</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="119"/>
        <source>Signed agreement attached</source>
        <translation>附上已签协议</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="120"/>
        <source>Signed agreement opened</source>
        <translation>打开已签协议</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="121"/>
        <source>Partner agreement ended</source>
        <translation>终止合作伙伴协议</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="122"/>
        <source>Partner&apos;s deletion confirmed</source>
        <translation>确认合作伙伴已删除</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="123"/>
        <source>Backup made and verified</source>
        <translation>已制作并验证备份</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="124"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="125"/>
        <source>Restore drill</source>
        <translation>恢复演练</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="126"/>
        <source>Old backups pruned</source>
        <translation>已清理旧备份</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="127"/>
        <source>Backup schedule changed</source>
        <translation>备份计划已更改</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="128"/>
        <source>Vault restored from a backup</source>
        <translation>已从备份恢复保管库</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="150"/>
        <source>(unreadable: changed outside Custos)</source>
        <translation>（无法读取：在 Custos 之外被修改）</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="167"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="168"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="169"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="170"/>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="171"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/audit_dialog.py" line="264"/>
        <source>Customer %1</source>
        <translation>客户 %1</translation>
    </message>
</context>
<context>
    <name>AuditTextWarning</name>
    <message>
        <location filename="../../ui/editor.py" line="109"/>
        <source>Don&apos;t type the customer&apos;s personal data here (a name, a phone number): the reason stays in the audit log, even after the customer is erased.</source>
        <translation>请勿在此填写客户的个人信息（如姓名、电话号码）：该原因会一直保留在审计日志中，即使客户已被彻底删除。</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../ui/backup.py" line="68"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="71"/>
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="72"/>
        <source>%1 minutes ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="75"/>
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="76"/>
        <source>%1 hours ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="77"/>
        <source>%1 days ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="83"/>
        <source>Last backup failed %1: %2</source>
        <translation>上次备份失败（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="87"/>
        <source>No backup yet</source>
        <translation>尚无备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="88"/>
        <source>Last backup: %1, verified</source>
        <translation>上次备份：%1，已验证</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="90"/>
        <source>older than %1 days</source>
        <translation>已超过 %1 天</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="96"/>
        <source>This folder is on the same disk as the vault: a disk failure, theft or ransomware would take the backups with it. Choose a USB drive, another disk or a network folder.</source>
        <translation>此文件夹与保管库在同一磁盘上：磁盘故障、被盗或勒索软件会连同备份一起损失。请选择 U 盘、另一块磁盘或网络文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="145"/>
        <source>Made</source>
        <translation>制作时间</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="146"/>
        <source>Made by</source>
        <translation>制作人</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="147"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="148"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="150"/>
        <source>Audit entries</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="154"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="164"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/backup.py" line="190"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="192"/>
        <source>Back up the vault</source>
        <translation>备份保管库</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="196"/>
        <source>The backup is one encrypted file: it opens only with a password a user has at the time of the backup, or that time&apos;s recovery code. Others can keep working meanwhile.</source>
        <translation>备份是一个加密文件：只能用备份时某位用户的密码或当时的恢复码打开。备份期间其他人可以继续工作。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="204"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="204"/>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="217"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="220"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="263"/>
        <source>Backup verified: %1 — %2 customers, every page and the audit log checked.</source>
        <translation>备份已验证：%1 — %2 位客户，每一页和审计日志均已检查。</translation>
    </message>
</context>
<context>
    <name>BackupFeature</name>
    <message>
        <location filename="../../ui/backup.py" line="846"/>
        <source>&amp;Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="847"/>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="848"/>
        <source>&amp;Test restore</source>
        <translation>测试恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="850"/>
        <source>Restore the newest backup into a temporary folder, check it, remove it</source>
        <translation>将最新备份恢复到临时文件夹，检查后删除</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="852"/>
        <source>Backup &amp;settings…</source>
        <translation>备份设置…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="878"/>
        <source>test restore %1</source>
        <translation>测试恢复 %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="933"/>
        <location filename="../../ui/backup.py" line="934"/>
        <source>Backing up before closing…</source>
        <translation>关闭前正在备份…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="980"/>
        <source>Test restore running…</source>
        <translation>正在测试恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="990"/>
        <source>Test restore</source>
        <translation>测试恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="992"/>
        <source>Test restore passed: %1 was restored into a temporary folder, opened and checked; %2 customers as expected. The copy was removed.</source>
        <translation>测试恢复通过：%1 已恢复到临时文件夹，打开并检查完毕；客户数 %2 与预期一致。副本已删除。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="1001"/>
        <source>Test restore failed</source>
        <translation>测试恢复失败</translation>
    </message>
</context>
<context>
    <name>BackupSettingsDialog</name>
    <message>
        <location filename="../../ui/backup.py" line="700"/>
        <source>Backup settings</source>
        <translation>备份设置</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="702"/>
        <source>Backup schedule</source>
        <translation>备份计划</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="706"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="706"/>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="711"/>
        <source>When Custos closes</source>
        <translation>关闭 Custos 时</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="714"/>
        <source>Once a day while Custos is open</source>
        <translation>Custos 打开期间每天一次</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="717"/>
        <source>Back up:</source>
        <translation>备份时机：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="721"/>
        <source>Keep the newest:</source>
        <translation>保留最新的：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="722"/>
        <source>Daily generations:</source>
        <translation>每日保留份数：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="723"/>
        <source>Weekly generations:</source>
        <translation>每周保留份数：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="724"/>
        <source>Monthly generations:</source>
        <translation>每月保留份数：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="725"/>
        <source>Warn when older than (days):</source>
        <translation>超过多少天未备份时提醒：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="734"/>
        <source>Preview pruning</source>
        <translation>预览清理</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="748"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="750"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="797"/>
        <source>Would delete %1</source>
        <translation>将删除 %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="799"/>
        <source>Pruning would delete %1 and keep %2 backup(s).</source>
        <translation>清理将删除 %1 个备份，保留 %2 个。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/password_dialog.py" line="81"/>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="89"/>
        <source>Your password was set by someone else. Choose a new one that only you know before you start. Cancel locks Custos.</source>
        <translation>您的密码由他人设置。开始使用前，请设置一个只有您自己知道的新密码。点击“取消”将锁定 Custos。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="93"/>
        <source>Enter your current password, then the new one twice.</source>
        <translation>请输入当前密码，然后输入两次新密码。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="108"/>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="109"/>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="111"/>
        <source>New password again:</source>
        <translation>确认新密码：</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="117"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="140"/>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="147"/>
        <source>Choose a password different from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
</context>
<context>
    <name>ChangeRoleDialog</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="166"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="170"/>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="171"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="431"/>
        <source>Check the rows</source>
        <translation>检查各行</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="434"/>
        <source>Every row was checked by the same rules as the customer form and compared with the customers you have. Nothing is imported yet; the rows are shown as they will be stored.</source>
        <translation>每一行都按客户表单的同样规则检查过，并与现有客户比对。尚未导入任何数据；下面按保存后的样子显示各行。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="447"/>
        <source>Save invalid rows…</source>
        <translation>保存无效行…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="450"/>
        <source>A CSV of the rows that cannot be imported, each with its reason: fix them and import it</source>
        <translation>把无法导入的行连同原因存为 CSV：改正后再导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="467"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="480"/>
        <source>Checking… %1 rows</source>
        <translation>正在检查… 已查 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="492"/>
        <source>%1 rows: %2 new, %3 duplicates (%4 within the file), %5 invalid</source>
        <translation>共 %1 行：新客户 %2，重复 %3（其中文件内重复 %4），无效 %5</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="504"/>
        <source>No row can be imported. Fix the file, or go back and change the mapping.</source>
        <translation>没有可以导入的行。请改正文件，或返回修改列对应关系。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="516"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="516"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="516"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="542"/>
        <source>Save the invalid rows</source>
        <translation>保存无效行</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="542"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="545"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="553"/>
        <source>%1 rows saved to %2 with their reasons: fix them there and import that file.</source>
        <translation>已将 %1 行连同原因保存到 %2：请在该文件中改正后再导入。</translation>
    </message>
</context>
<context>
    <name>CloseRequestDialog</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="261"/>
        <source>Close request</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="266"/>
        <source>Done</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="267"/>
        <source>Partly done</source>
        <translation>部分办理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="268"/>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="271"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="274"/>
        <source>Identity could not be verified</source>
        <translation>无法核实身份</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="275"/>
        <source>A law requires keeping the data (PIPL Art. 47(2))</source>
        <translation>法律规定须保存（《个人信息保护法》第四十七条第二款）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="276"/>
        <source>A law requires confidentiality</source>
        <translation>法律规定应当保密</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="277"/>
        <source>It would harm other people&apos;s rights</source>
        <translation>会损害他人的合法权益</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="278"/>
        <source>We hold no data about them</source>
        <translation>我们未持有其个人信息</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="279"/>
        <source>Manifestly unfounded or excessive</source>
        <translation>明显无理或过度重复</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="280"/>
        <source>Another reason (explain below)</source>
        <translation>其他原因（请在下方说明）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="289"/>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="293"/>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <location filename="../../ui/columns.py" line="62"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/columns.py" line="65"/>
        <source>Choose the fields shown as columns in the customer list.</source>
        <translation>选择在客户列表中显示为列的字段。</translation>
    </message>
    <message>
        <location filename="../../ui/columns.py" line="81"/>
        <source>Restore defaults</source>
        <translation>恢复默认</translation>
    </message>
</context>
<context>
    <name>ComplianceFeature</name>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="479"/>
        <source>Compl&amp;iance report…</source>
        <translation>合规报告…</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="480"/>
        <source>A PDF report for a compliance audit of a chosen period</source>
        <translation>为所选期间生成合规审计 PDF 报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="481"/>
        <source>&amp;Verify a report…</source>
        <translation>核验报告…</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="483"/>
        <source>Check a report file or a printed copy&apos;s code against the record</source>
        <translation>按登记核验报告文件或纸质件上的验证码</translation>
    </message>
</context>
<context>
    <name>ComplianceReportDialog</name>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="74"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="105"/>
        <location filename="../../ui/compliance_dialog.py" line="107"/>
        <source>Compliance report</source>
        <translation>合规报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="111"/>
        <source>A PDF for your compliance audit (PIPL Art. 54): the data inventory, who sees what, consent, exports, requests, backups, the audit log, incidents and alerts, and a checklist of the policy with what to do about anything not met. It holds counts and settings, never a customer&apos;s personal data. Each report is recorded with a code printed on every page.</source>
        <translation>用于合规审计的 PDF（《个人信息保护法》第五十四条）：数据清单、谁能看到什么、同意、导出、个人请求、备份、审计日志、安全事件与警报，以及制度要求检查清单和未符合项的改进措施。报告只含统计数字和配置，不含任何客户的个人信息。每份报告都会登记，并在每页印上验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="123"/>
        <source>Last month</source>
        <translation>上个月</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="124"/>
        <source>Last quarter</source>
        <translation>上个季度</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="125"/>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="126"/>
        <source>Custom dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="129"/>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="141"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="143"/>
        <source>Dates:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="149"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="152"/>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="159"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="170"/>
        <source>Make report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="173"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="178"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="231"/>
        <source>compliance-report</source>
        <translation>合规报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="239"/>
        <source>Save the compliance report</source>
        <translation>保存合规报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="239"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="255"/>
        <source>Choose where to save the report.</source>
        <translation>请选择报告的保存位置。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="305"/>
        <source>Making the report… %p%</source>
        <translation>正在生成报告… %p%</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="317"/>
        <source>Report written: %1 (%2 pages). Verification code %3. %4 of %5 requirements are not met.</source>
        <translation>报告已保存：%1（%2 页）。验证码 %3。%5 项要求中有 %4 项未符合。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="330"/>
        <source>Cancelled: no report was written or recorded.</source>
        <translation>已取消：没有写入或登记任何报告。</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1096"/>
        <source>Field pack review queue</source>
        <translation>外勤包待审队列</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1101"/>
        <source>Review queue</source>
        <translation>待审队列</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1104"/>
        <source>These fields were changed both in the office and in the field since the pack was prepared. Choose which value is right; until then the office value stays.</source>
        <translation>以下字段在外勤包制作之后，办公室和外勤都改过。请选定正确的值；在选定之前，保留办公室的值。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1122"/>
        <location filename="../../ui/fieldpacks.py" line="1235"/>
        <source>Keep the office value</source>
        <translation>保留办公室的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1126"/>
        <location filename="../../ui/fieldpacks.py" line="1236"/>
        <source>Take the field value</source>
        <translation>采用外勤的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1132"/>
        <source>or type the right value and press Enter</source>
        <translation>或输入正确的值后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1134"/>
        <source>Use this value</source>
        <translation>使用此值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1142"/>
        <source>Started with</source>
        <translation>制作时的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1143"/>
        <source>Office now</source>
        <translation>办公室现值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1144"/>
        <source>From the field</source>
        <translation>外勤的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1160"/>
        <source>Nothing waits for review.</source>
        <translation>没有待审事项。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1229"/>
        <source>The erased person: do not bring back</source>
        <translation>就是被擦除的人：不恢复</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1230"/>
        <location filename="../../ui/fieldpacks.py" line="1233"/>
        <source>Someone else: add as a new customer</source>
        <translation>不是同一人：新增为客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1232"/>
        <source>Same person: keep the office record</source>
        <translation>同一人：保留办公室的记录</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1261"/>
        <source>%1: decided.</source>
        <translation>%1：已处理。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1263"/>
        <source>%1 of %2: decided.</source>
        <translation>%2 的%1：已处理。</translation>
    </message>
</context>
<context>
    <name>ConsentFeature</name>
    <message>
        <location filename="../../ui/consent_feature.py" line="34"/>
        <source>&amp;Record consent…</source>
        <translation>记录同意…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_feature.py" line="36"/>
        <source>Record the selected customer&apos;s consent on their card (Ctrl+Shift+C)</source>
        <translation>在所选客户的卡片上记录其同意（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_feature.py" line="38"/>
        <source>&amp;Notice texts…</source>
        <translation>告知同意书文本…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_feature.py" line="39"/>
        <source>Write and version the consent notices customers are shown</source>
        <translation>撰写向客户展示的告知同意书，并管理其版本</translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <location filename="../../ui/consent_card.py" line="153"/>
        <source>Consent per purpose</source>
        <translation>各用途的同意情况</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="154"/>
        <source>History of decisions</source>
        <translation>决定记录</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="155"/>
        <source>Record…</source>
        <translation>记录…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="156"/>
        <source>Record the customer&apos;s consent or refusal (Ctrl+Shift+C)</source>
        <translation>记录客户的同意或拒绝（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="157"/>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="158"/>
        <source>Withdraw the consent selected above</source>
        <translation>撤回上方所选的同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="159"/>
        <source>Print form…</source>
        <translation>打印表格…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="160"/>
        <source>A consent form for this customer, as PDF, to print and sign</source>
        <translation>为该客户生成同意书 PDF，供打印签署</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="161"/>
        <source>Print receipt…</source>
        <translation>打印回执…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="163"/>
        <source>The customer&apos;s receipt for the decision selected below, as PDF</source>
        <translation>为下方所选决定生成客户回执 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="166"/>
        <location filename="../../ui/consent_card.py" line="171"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="166"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="166"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="166"/>
        <source>Until</source>
        <translation>有效至</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="166"/>
        <location filename="../../ui/consent_card.py" line="175"/>
        <source>Notice</source>
        <translation>告知书</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="170"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="172"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="173"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="174"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="180"/>
        <source>Consent</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="215"/>
        <source>✔ Given</source>
        <translation>✔ 已同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="216"/>
        <source>✘ Refused</source>
        <translation>✘ 已拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="217"/>
        <location filename="../../ui/consent_card.py" line="226"/>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="218"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="219"/>
        <source>Not asked</source>
        <translation>未征询</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="224"/>
        <source>Given</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="225"/>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="240"/>
        <source>(v%1 is out: ask again)</source>
        <translation>（已有 v%1：请重新征询）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="243"/>
        <source>No end date</source>
        <translation>无截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="265"/>
        <source>signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="265"/>
        <source>scan</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="267"/>
        <source>guardian %1 (%2)</source>
        <translation>监护人 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="344"/>
        <source>Recorded %1 decision(s). Print receipt… gives the customer their copy.</source>
        <translation>已记录 %1 项决定。可用“打印回执…”为客户出具留存副本。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="369"/>
        <source>Consent for %1 withdrawn.</source>
        <translation>已撤回“%1”的同意。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="389"/>
        <source>There is no notice text to print yet.</source>
        <translation>目前还没有可打印的告知同意书文本。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="413"/>
        <source>Save the consent form</source>
        <translation>保存同意书</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="413"/>
        <location filename="../../ui/consent_card.py" line="438"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="430"/>
        <source>Form saved to %1</source>
        <translation>同意书已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="438"/>
        <source>Save the consent receipt</source>
        <translation>保存同意回执</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="466"/>
        <source>Receipt saved to %1</source>
        <translation>回执已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="471"/>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="482"/>
        <source>The PDF was not written: %1</source>
        <translation>未能生成 PDF：%1</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../ui/messages.py" line="34"/>
        <source>required</source>
        <translation>此项为必填项</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35"/>
        <source>unknown field</source>
        <translation>未知字段</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36"/>
        <source>not a valid e-mail address (name@example.com)</source>
        <translation>电子邮箱地址无效（格式如 name@example.com）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="37"/>
        <source>a resident ID number has 18 characters: 17 digits and a digit or X</source>
        <translation>居民身份证号码为 18 位：前 17 位为数字，最后一位为数字或 X</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="38"/>
        <source>the date of birth inside the ID number is not a real date</source>
        <translation>身份证号码中的出生日期不是有效日期</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="39"/>
        <source>the date of birth inside the ID number is out of range</source>
        <translation>身份证号码中的出生日期超出有效范围</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <source>the ID number&apos;s check digit is wrong: please check for a typo</source>
        <translation>身份证号码校验位错误，请检查是否输错</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41"/>
        <source>not a number</source>
        <translation>不是有效的数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42"/>
        <source>a date is written YYYY-MM-DD, e.g. 2024-03-18</source>
        <translation>日期格式应为 YYYY-MM-DD，例如 2024-03-18</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="43"/>
        <source>not a real date</source>
        <translation>不是有效日期</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="44"/>
        <source>this field is retired and no longer collected</source>
        <translation>此字段已停用，不再收集</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="45"/>
        <source>A password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46"/>
        <source>No secure keyring service was found on this PC (for example GNOME Keyring, KWallet, Windows Credential Manager or the macOS Keychain).</source>
        <translation>此电脑上没有安全的密钥环服务（例如 GNOME 密钥环、KWallet、Windows 凭据管理器或 macOS 钥匙串）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="51"/>
        <source>The only keyring available stores secrets in a plain file, which is not safe enough for the vault key.</source>
        <translation>唯一可用的密钥环以明文文件保存机密，不足以安全保存保管库密钥。</translation>
    </message>
</context>
<context>
    <name>CreatingPage</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="365"/>
        <source>Creating the vault</source>
        <translation>正在创建保管库</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="368"/>
        <source>Custos is deriving the encryption keys and preparing the database. This takes a few seconds.</source>
        <translation>Custos 正在生成加密密钥并准备数据库，这需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="375"/>
        <location filename="../../ui/setup_wizard.py" line="386"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="383"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="392"/>
        <source>Cancelling… the vault being created will be removed.</source>
        <translation>正在取消…正在创建的保管库将被删除。</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <location filename="../../ui/customer_card.py" line="348"/>
        <source>Processing restricted at the customer&apos;s request since %1. Keep the record, but do not use it: it is left out of exports and marketing lists, and imports do not update it.</source>
        <translation>应客户请求，自 %1 起限制处理其个人信息。请保留记录，但不要使用：导出和营销名单不包含该客户，导入也不会更新其资料。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_card.py" line="359"/>
        <source>(no name)</source>
        <translation>（无姓名）</translation>
    </message>
    <message>
        <location filename="../../ui/customer_card.py" line="360"/>
        <source>No. %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_card.py" line="363"/>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../ui/customer_card.py" line="365"/>
        <source>Keep this customer on the card while you select others in the list</source>
        <translation>在列表中选择其他客户时，卡片仍显示此客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer_card.py" line="367"/>
        <source>Select a customer in the list to see their card.</source>
        <translation>在列表中选择一位客户，即可查看其卡片。</translation>
    </message>
</context>
<context>
    <name>CustomerEditor</name>
    <message>
        <location filename="../../ui/editor.py" line="225"/>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="227"/>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="229"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="295"/>
        <source>Your role (%1) can look at this customer but not change it.</source>
        <translation>您的角色（%1）可以查看此客户，但不能修改。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="306"/>
        <source>Fields marked * are required.</source>
        <translation>标有 * 的字段为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="329"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="333"/>
        <source>Undo changes</source>
        <translation>撤销更改</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="334"/>
        <source>Put back the stored values (Esc)</source>
        <translation>恢复为已保存的值（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="388"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="391"/>
        <source>e.g. 138 1234 5678</source>
        <translation>例如：138 1234 5678</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="393"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="395"/>
        <source>Separate tags with commas</source>
        <translation>多个标签请用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="460"/>
        <source>Your role can read this field but not change it.</source>
        <translation>您的角色可以查看此字段，但不能修改。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="462"/>
        <source>(read only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="472"/>
        <source>Your role sees this field masked.</source>
        <translation>您的角色只能看到此字段的脱敏内容。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="483"/>
        <source>Reveal…</source>
        <translation>查看完整值…</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="485"/>
        <source>Show the full value; you will be asked why, and it is audited.</source>
        <translation>显示完整值；系统会要求您说明原因，并记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="489"/>
        <source>(masked)</source>
        <translation>（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="498"/>
        <source>This field is retired: its value is kept but no longer collected.</source>
        <translation>此字段已停用：已有的值会保留，但不再收集。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="499"/>
        <source>(retired)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="503"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="508"/>
        <location filename="../../ui/editor.py" line="514"/>
        <source>%1 by %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="521"/>
        <source>Created:</source>
        <translation>创建：</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="522"/>
        <source>Last changed:</source>
        <translation>最后修改：</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="524"/>
        <source>Who viewed or changed it…</source>
        <translation>谁查看或修改过…</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="608"/>
        <source>Revealed for this window only; the reveal was recorded in the audit log.</source>
        <translation>仅在此窗口中显示完整值；本次查看已记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="610"/>
        <source>Revealed</source>
        <translation>已显示</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="619"/>
        <source>Could not reveal the value</source>
        <translation>无法显示完整值</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="677"/>
        <source>Correcting for request %1: change what the customer asked to correct, then save. The change is recorded on the request.</source>
        <translation>正在为请求 %1 更正：修改客户要求更正的内容后保存。此次修改会记录在该请求上。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="721"/>
        <source>Could not save the customer</source>
        <translation>无法保存客户</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="771"/>
        <source>Please correct the fields marked below. Nothing was saved.</source>
        <translation>请更正下方标出的字段。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="835"/>
        <source>Discard changes?</source>
        <translation>放弃更改？</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="836"/>
        <source>This customer has changes that were not saved. Discard them?</source>
        <translation>此客户有尚未保存的更改。要放弃这些更改吗？</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../ui/customer_model.py" line="398"/>
        <source>This column cannot be sorted.</source>
        <translation>此列无法排序。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_model.py" line="400"/>
        <source>Your role sees this field masked, so the list cannot be sorted by it.</source>
        <translation>您的角色只能看到此字段的脱敏内容，因此无法按此字段排序。</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="167"/>
        <source>Which customers?</source>
        <translation>导出哪些客户？</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="168"/>
        <source>Choose whose records go into the file.</source>
        <translation>选择哪些客户的记录写入文件。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="169"/>
        <source>Every customer</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="175"/>
        <source>Customers with the tag:</source>
        <translation>带有此标签的客户：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="179"/>
        <source>e.g. vip</source>
        <translation>例如 vip</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="180"/>
        <source>Customers with current consent for:</source>
        <translation>当前同意以下目的的客户：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="204"/>
        <source>The customers the current search finds: “%1”</source>
        <translation>当前搜索找到的客户：“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/export_wizard.py" line="208"/>
        <source>The selected customer(s): %n</source>
        <translation>
            <numerusform>选中的客户：%n 位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeadlinesDialog</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="326"/>
        <source>Request deadlines</source>
        <translation>请求答复期限</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="332"/>
        <source>PRC: working days on the mainland calendar</source>
        <translation>中国：按内地日历计算工作日</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="333"/>
        <source>GDPR: calendar months</source>
        <translation>GDPR：按自然月计算</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="336"/>
        <source>New requests use</source>
        <translation>新请求采用</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="338"/>
        <source>PRC: working days to answer</source>
        <translation>中国：答复期限（工作日）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="339"/>
        <source>PRC: extension (working days, 0 = none)</source>
        <translation>中国：延长期限（工作日，0 = 不延长）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="340"/>
        <source>GDPR: months to answer</source>
        <translation>GDPR：答复期限（月）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="341"/>
        <source>GDPR: extension (months, 0 = none)</source>
        <translation>GDPR：延长期限（月，0 = 不延长）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="342"/>
        <source>Due soon: days before the deadline</source>
        <translation>即将到期：期限前的天数</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="352"/>
        <source>PRC practice is 15 working days; the GDPR gives one month, extendable by two with the reason told to the requester. Waiting for proof of identity stops the clock.</source>
        <translation>国内通行做法为 15 个工作日；GDPR 为一个月，可延长两个月，并须告知请求人原因。等待请求人证明身份期间暂停计时。</translation>
    </message>
</context>
<context>
    <name>DetailsSection</name>
    <message>
        <location filename="../../ui/customer_card.py" line="104"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>DuplicateWarning</name>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="43"/>
        <source>Possible duplicate</source>
        <translation>可能重复</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="52"/>
        <source>A customer with the same details is already on file.</source>
        <translation>已有一位资料相同的客户。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/duplicate_warning.py" line="54"/>
        <source>%n customers with the same details are already on file.</source>
        <translation>
            <numerusform>已有 %n 位资料相同的客户。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="63"/>
        <source>Open the existing customer to update them instead (this form closes without saving), or save a second record anyway.</source>
        <translation>可以打开已有客户并在其中更新（本表单不保存即关闭），也可以仍然另存一条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="75"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="75"/>
        <source>Same</source>
        <translation>相同项</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="99"/>
        <source>Open existing</source>
        <translation>打开已有客户</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="101"/>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <location filename="../../ui/duplicate_warning.py" line="103"/>
        <source>Back to editing</source>
        <translation>返回编辑</translation>
    </message>
</context>
<context>
    <name>DuplicatesFeature</name>
    <message>
        <location filename="../../ui/duplicates.py" line="22"/>
        <source>&amp;Merge duplicates…</source>
        <translation>合并重复客户…</translation>
    </message>
    <message>
        <location filename="../../ui/duplicates.py" line="23"/>
        <source>Find customers recorded twice and merge them</source>
        <translation>查找重复登记的客户并合并</translation>
    </message>
</context>
<context>
    <name>ExportFeature</name>
    <message>
        <location filename="../../ui/export_feature.py" line="25"/>
        <source>&amp;Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/export_feature.py" line="26"/>
        <source>Export customers to a file, for a purpose, with a record</source>
        <translation>按目的将客户导出到文件，并留存记录</translation>
    </message>
    <message>
        <location filename="../../ui/export_feature.py" line="27"/>
        <source>&amp;Partners…</source>
        <translation>合作伙伴…</translation>
    </message>
    <message>
        <location filename="../../ui/export_feature.py" line="28"/>
        <source>The partner register: agreements and what each received</source>
        <translation>合作伙伴名册：协议及各方收到的数据</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="57"/>
        <source>Sales contact</source>
        <translation>销售联系</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="58"/>
        <source>Service</source>
        <translation>客户服务</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="59"/>
        <source>Marketing</source>
        <translation>营销推广</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="60"/>
        <source>Billing</source>
        <translation>开票结算</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="61"/>
        <source>Delivery</source>
        <translation>配送上门</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="62"/>
        <source>Legal obligations</source>
        <translation>合规义务</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="65"/>
        <source>Full</source>
        <translation>完整</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="66"/>
        <source>Masked</source>
        <translation>脱敏</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="67"/>
        <source>Pseudonymised</source>
        <translation>假名化</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="68"/>
        <source>Left out</source>
        <translation>不导出</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="71"/>
        <source>Consent of each customer</source>
        <translation>每位客户的同意</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="72"/>
        <source>Necessary to perform a contract with the customer</source>
        <translation>为履行与客户的合同所必需</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="73"/>
        <source>Necessary to fulfil a legal duty or obligation</source>
        <translation>为履行法定职责或法定义务所必需</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="74"/>
        <source>Necessary to protect life, health or property in an emergency</source>
        <translation>紧急情况下为保护生命健康和财产安全所必需</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="79"/>
        <source>CSV spreadsheet (Excel, WPS)</source>
        <translation>CSV 表格（Excel、WPS）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="80"/>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿（XLSX）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="81"/>
        <source>JSON (for other software)</source>
        <translation>JSON（供其他软件使用）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="82"/>
        <source>PDF table (to read or print)</source>
        <translation>PDF 表格（阅读或打印）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="83"/>
        <source>vCard contacts (phones, Outlook)</source>
        <translation>vCard 联系人（手机、Outlook）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="86"/>
        <source>UTF-8 (current Excel, WPS, Numbers)</source>
        <translation>UTF-8（新版 Excel、WPS、Numbers）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="87"/>
        <source>GBK (older Excel and WPS in Chinese)</source>
        <translation>GBK（旧版中文 Excel 和 WPS）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="88"/>
        <source>GB18030 (GBK with every Chinese character)</source>
        <translation>GB18030（兼容 GBK，包含所有汉字）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="103"/>
        <source>%n customer(s) with no consent recorded for %1</source>
        <translation>%n 位客户没有%1的同意记录</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="107"/>
        <source>%n customer(s) who refused consent for %1</source>
        <translation>%n 位客户拒绝了%1</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="111"/>
        <source>%n customer(s) who withdrew consent for %1</source>
        <translation>%n 位客户撤回了对%1的同意</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="115"/>
        <source>%n customer(s) who asked to restrict the processing of their data</source>
        <translation>%n 位客户已要求限制处理其个人信息</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="119"/>
        <source>%n customer(s) whose consent for %1 has expired</source>
        <translation>%n 位客户对%1的同意已过期</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="141"/>
        <source>sharing with %1</source>
        <translation>向%1提供</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="768"/>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="788"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>FieldCatalogue</name>
    <message>
        <location filename="../../ui/fields_dialog.py" line="50"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="51"/>
        <source>Long text</source>
        <translation>长文本</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="52"/>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="53"/>
        <source>E-mail address</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="54"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="55"/>
        <source>Resident ID number</source>
        <translation>居民身份证号码</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="56"/>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="57"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="58"/>
        <source>Choice from a list</source>
        <translation>列表选项</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="65"/>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="66"/>
        <source>Customer service</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="67"/>
        <source>Marketing</source>
        <translation>市场营销</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="68"/>
        <source>Billing</source>
        <translation>账单结算</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="69"/>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="70"/>
        <source>Legal compliance</source>
        <translation>法律合规</translation>
    </message>
</context>
<context>
    <name>FieldCatalogueDialog</name>
    <message>
        <location filename="../../ui/fields_dialog.py" line="311"/>
        <source>Field catalogue</source>
        <translation>字段目录</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="318"/>
        <source>Every piece of customer information Custos keeps, in the order the editor shows it. Classify each field so that policy, exports and reports treat it correctly.</source>
        <translation>Custos 保存的每一项客户信息，按编辑器中的显示顺序排列。请为每个字段正确分类，以便访问策略、导出和报表正确处理。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="328"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="331"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="334"/>
        <source>Add custom field…</source>
        <translation>添加自定义字段…</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="337"/>
        <source>Retire…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="367"/>
        <source>One choice per line</source>
        <translation>每行一个选项</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="375"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="380"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="383"/>
        <source>Save changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="386"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="390"/>
        <source>Selected field</source>
        <translation>所选字段</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="397"/>
        <source>Key:</source>
        <translation>键名：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="398"/>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="400"/>
        <source>English label:</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="401"/>
        <source>Chinese label:</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="403"/>
        <source>Choices:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="404"/>
        <source>Allowed range:</source>
        <translation>允许范围：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="405"/>
        <source>Sensitivity:</source>
        <translation>敏感程度：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="406"/>
        <source>Collected for:</source>
        <translation>收集用途：</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="461"/>
        <source>(retired)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="463"/>
        <source>(custom)</source>
        <translation>（自定义）</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="486"/>
        <source>Retired: no longer collected. Stored values stay readable until erased.</source>
        <translation>已停用：不再收集。已存储的值在删除前仍可读取。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="488"/>
        <source>Built-in field: its type and validation are fixed.</source>
        <translation>内置字段：类型和校验规则不可更改。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="490"/>
        <source>Custom field.</source>
        <translation>自定义字段。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="538"/>
        <source>A choice field needs at least one choice.</source>
        <translation>选项字段至少需要一个选项。</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="596"/>
        <source>Retire field</source>
        <translation>停用字段</translation>
    </message>
    <message>
        <location filename="../../ui/fields_dialog.py" line="598"/>
        <source>Retire the field “%1”? Custos stops collecting it and removes it from the editor. Values already stored stay readable until they are erased.</source>
        <translation>要停用字段“%1”吗？Custos 将不再收集该字段，并将其从编辑器中移除。已存储的值在删除前仍可读取。</translation>
    </message>
</context>
<context>
    <name>FieldPacks</name>
    <message>
        <location filename="../../ui/fieldpacks.py" line="85"/>
        <source>Out</source>
        <translation>在外</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="86"/>
        <source>Expired, not back yet</source>
        <translation>已到期，尚未带回</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="87"/>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="88"/>
        <source>Declared lost</source>
        <translation>已登记丢失</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="89"/>
        <source>Not written</source>
        <translation>未写入</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="125"/>
        <source>Merged on %1</source>
        <translation>合并于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="130"/>
        <source>Declared lost on %1; incident %2</source>
        <translation>登记丢失于 %1；安全事件 %2</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="155"/>
        <source>Field user</source>
        <translation>外勤人员</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="156"/>
        <source>Prepared</source>
        <translation>制作时间</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="157"/>
        <source>Prepared by</source>
        <translation>制作人</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="158"/>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="159"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="160"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="708"/>
        <source>New customers added</source>
        <translation>新增的客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="709"/>
        <source>Changes taken from the field</source>
        <translation>采用的外勤修改</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="710"/>
        <source>Conflicts for review (changed in both places)</source>
        <translation>待审冲突（两边都改过）</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="713"/>
        <source>New customers who may already be here, for review</source>
        <translation>可能已在库中的新客户，待审</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="716"/>
        <source>New customers with the name of someone erased here, for review</source>
        <translation>与已擦除的客户同名的新客户，待审</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="719"/>
        <source>Discarded: customers erased in the office</source>
        <translation>已舍弃：办公室已擦除的客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="722"/>
        <source>Not applied: customers deleted in the office</source>
        <translation>未采用：办公室已删除的客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="725"/>
        <source>Not taken: fields the field role may not write, or invalid values</source>
        <translation>未采用：外勤角色不能修改的字段或无效的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="728"/>
        <source>Consent records added</source>
        <translation>新增的同意记录</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="729"/>
        <source>Field log entries added to the audit log</source>
        <translation>加入审计日志的外勤记录</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1005"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1040"/>
        <source>Same name as a customer who was erased here</source>
        <translation>与已在此擦除的客户同名</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1045"/>
        <source>(no name)</source>
        <translation>（无姓名）</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1046"/>
        <source>New customer — may already be here</source>
        <translation>新客户 — 可能已在库中</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1048"/>
        <source>(no longer here)</source>
        <translation>（已不在库中）</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1080"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1081"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1082"/>
        <source>Started with</source>
        <translation>制作时的值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1083"/>
        <source>Office now</source>
        <translation>办公室现值</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1084"/>
        <source>From the field</source>
        <translation>外勤的值</translation>
    </message>
</context>
<context>
    <name>FieldPacksDialog</name>
    <message>
        <location filename="../../ui/fieldpacks.py" line="186"/>
        <location filename="../../ui/fieldpacks.py" line="197"/>
        <source>Field packs</source>
        <translation>外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="200"/>
        <source>A field pack carries the customers a field user needs to a laptop without a network, encrypted and opened with that user&apos;s password. Packs not yet merged back are listed here; a lost laptop&apos;s pack is declared lost, which opens an incident.</source>
        <translation>外勤包把外勤人员需要的客户带到无网络的笔记本电脑上，加密保存，用该人员自己的密码打开。尚未合并回来的外勤包列在这里；笔记本电脑丢失时，把它的外勤包登记为丢失，系统会为此建立一起安全事件。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="205"/>
        <source>Show merged and lost packs too</source>
        <translation>也显示已合并和已丢失的外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="217"/>
        <source>Prepare a pack…</source>
        <translation>制作外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="220"/>
        <source>Merge a pack…</source>
        <translation>合并外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="223"/>
        <source>Declare lost…</source>
        <translation>登记丢失…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="226"/>
        <location filename="../../ui/fieldpacks.py" line="291"/>
        <source>Review queue…</source>
        <translation>待审队列…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="283"/>
        <source>No field pack is out.</source>
        <translation>没有在外的外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="285"/>
        <source>No field pack has been prepared yet.</source>
        <translation>还没有制作过外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="289"/>
        <source>Review queue (%1)…</source>
        <translation>待审队列（%1）…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="328"/>
        <source>Merge a field pack</source>
        <translation>合并外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="330"/>
        <source>Field packs (*%1);;All files (*)</source>
        <translation>外勤包 (*%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="352"/>
        <source>Declare the pack lost</source>
        <translation>登记外勤包丢失</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="354"/>
        <source>Declare the field pack of %1 (prepared %2, %3 customers) lost?

It can no longer be merged, and an incident is opened with the customers and fields it held, for you to assess and, where needed, notify.</source>
        <translation>将 %1 的外勤包（制作于 %2，含 %3 位客户）登记为丢失？

之后它不能再合并；系统会建立一起安全事件，列出其中的客户和字段，供您评估并在需要时通知。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="365"/>
        <source>Declare lost</source>
        <translation>登记丢失</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="388"/>
        <source>The pack of %1 is declared lost; incident %2 was opened with what it held.</source>
        <translation>%1 的外勤包已登记为丢失；已建立安全事件 %2，列出其中的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="390"/>
        <source>The pack of %1 is declared lost.</source>
        <translation>%1 的外勤包已登记为丢失。</translation>
    </message>
</context>
<context>
    <name>FieldPacksFeature</name>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1302"/>
        <source>&amp;Field packs…</source>
        <translation>外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1304"/>
        <source>Prepare packs for laptops used offline, see those still out, merge them back</source>
        <translation>为离线使用的笔记本电脑制作外勤包，查看在外的外勤包，并把它们合并回来</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1306"/>
        <source>Prepare field pack for selected…</source>
        <translation>为所选客户制作外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="1308"/>
        <source>A field pack holding the customers selected in the list</source>
        <translation>包含列表中所选客户的外勤包</translation>
    </message>
</context>
<context>
    <name>FieldsPage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="254"/>
        <source>Which fields, and how?</source>
        <translation>导出哪些字段，如何处理？</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="257"/>
        <source>Export only what the purpose needs. Masked keeps a recognisable part (138****5678); pseudonymised replaces a value with a code that is the same for equal values within this file only.</source>
        <translation>只导出用途所需的信息。脱敏保留可辨认的一部分（138****5678）；假名化用代码替换值，相同的值在本文件内得到相同的代码，在其他文件中则不同。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="264"/>
        <source>Apply preset</source>
        <translation>套用预设</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="268"/>
        <source>Minimum necessary for:</source>
        <translation>最小必要字段：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="274"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="274"/>
        <source>In the file</source>
        <translation>文件中</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="289"/>
        <source>(you see it masked)</source>
        <translation>（您只能看到脱敏值）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="306"/>
        <source>Partner %1 (its agreement)</source>
        <translation>合作伙伴 %1（按协议）</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="103"/>
        <location filename="../../ui/import_wizard.py" line="144"/>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="106"/>
        <source>A CSV or TSV file (from Excel, WPS or another program, in any common encoding), an Excel workbook (.xlsx) or a phone&apos;s contacts (.vcf).</source>
        <translation>CSV 或 TSV 文件（来自 Excel、WPS 或其他程序，常见编码均可）、Excel 工作簿（.xlsx），或手机通讯录（.vcf）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="112"/>
        <source>The file&apos;s path</source>
        <translation>文件路径</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="114"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="122"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="146"/>
        <source>Customer files (*.csv *.tsv *.txt *.xlsx *.vcf);;All files (*)</source>
        <translation>客户文件 (*.csv *.tsv *.txt *.xlsx *.vcf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="158"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
</context>
<context>
    <name>FormatPage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="428"/>
        <source>Format and protection</source>
        <translation>格式与保护</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="430"/>
        <source>The file is written where you choose; nothing else is kept outside the vault.</source>
        <translation>文件写到您选择的位置；保险库之外不留其他副本。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="433"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="443"/>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="446"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="451"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="453"/>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="456"/>
        <source>Encrypted archive (AES-256 ZIP, opens with 7-Zip or WinZip)</source>
        <translation>加密压缩包（AES-256 ZIP，可用 7-Zip 或 WinZip 打开）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="459"/>
        <source>Plain file, not encrypted</source>
        <translation>明文文件，不加密</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="467"/>
        <source>A passphrase is made for this file and shown once, after the export. Send it separately.</source>
        <translation>系统会为此文件生成口令，导出后只显示一次。请另行发送口令。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="477"/>
        <source>I understand; write the plain file</source>
        <translation>我已了解，写入明文文件</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="498"/>
        <source>Counting the customers…</source>
        <translation>正在统计客户…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/export_wizard.py" line="512"/>
        <source>%n customer(s) will be in the file.</source>
        <translation>
            <numerusform>文件将包含 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="516"/>
        <source>Left out:</source>
        <translation>未包含：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="552"/>
        <source>Counting what the file would hold…</source>
        <translation>正在统计文件将包含的内容…</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="561"/>
        <source>Save the export as</source>
        <translation>导出文件另存为</translation>
    </message>
</context>
<context>
    <name>GettingStartedDialog</name>
    <message>
        <location filename="../../ui/help.py" line="45"/>
        <source>Getting started</source>
        <translation>入门指南</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="48"/>
        <source>Add your customers</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="50"/>
        <source>Customers → New customer (Ctrl+N). Fill in what you need; a red line under a field says what to fix. Nothing is saved until you press Save.</source>
        <translation>客户 → 新建客户（Ctrl+N）。填写需要的信息；字段下方的红色提示会说明需要修改什么。按“保存”之前不会保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="55"/>
        <source>Find anyone as you type</source>
        <translation>边输入边查找</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="57"/>
        <source>Type a name (or its pinyin or initials), phone number, e-mail, company or tag in the search box (Ctrl+F). Press Down to move into the results and Enter to open one.</source>
        <translation>在搜索框（Ctrl+F）中输入姓名（或其拼音、首字母）、电话、电子邮箱、公司或标签。按向下键进入结果列表，按回车键打开客户。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="62"/>
        <source>Choose what the list shows</source>
        <translation>选择列表显示的内容</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="63"/>
        <source>View → Columns… picks the columns; click a column header to sort by it.</source>
        <translation>视图 → 列… 选择要显示的列；点击列标题即可按该列排序。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="66"/>
        <source>Set up your team</source>
        <translation>设置团队</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="68"/>
        <source>Tools → Users… gives each person their own sign-in; Tools → Roles and access… decides which fields each role sees; Tools → Field catalogue… adds the fields your business collects and says why. What you can open here depends on your role.</source>
        <translation>工具 → 用户… 为每个人设置自己的登录账号；工具 → 角色与权限… 决定每个角色能看到哪些字段；工具 → 字段目录… 添加本企业收集的字段并说明收集目的。您能打开哪些功能取决于您的角色。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="74"/>
        <source>Lock when you step away</source>
        <translation>离开时锁定</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="76"/>
        <source>File → Lock (Ctrl+L) hides every customer until you sign in again. Custos also locks itself after the idle time chosen in File → Settings.</source>
        <translation>文件 → 锁定（Ctrl+L）会隐藏所有客户，直到您再次登录。Custos 也会在“文件 → 设置”中选定的空闲时间后自动锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="81"/>
        <source>Keep the emergency kit safe</source>
        <translation>妥善保管应急包</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="83"/>
        <source>The recovery code on the emergency kit printed at set-up is the only way back in if every password is lost. Keep it on paper, away from this computer.</source>
        <translation>设置时打印的应急包上的恢复码，是所有密码都丢失时唯一的登录途径。请将其保存在纸上，并远离这台电脑。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="91"/>
        <source>Getting started with Custos</source>
        <translation>Custos 入门</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="94"/>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>HelpFeature</name>
    <message>
        <location filename="../../ui/help.py" line="183"/>
        <source>&amp;Getting started</source>
        <translation>入门指南</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="184"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="185"/>
        <source>&amp;About Custos</source>
        <translation>关于 Custos</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="206"/>
        <source>About Custos</source>
        <translation>关于 Custos</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="208"/>
        <source>Custos %1

Customer records in an encrypted local vault, with your customer information policy enforced.</source>
        <translation>Custos %1

将客户记录保存在加密的本地保管库中，并严格执行您的客户信息保护策略。</translation>
    </message>
</context>
<context>
    <name>HistorySection</name>
    <message>
        <location filename="../../ui/card_history.py" line="71"/>
        <source>Filters and verification…</source>
        <translation>筛选与校验…</translation>
    </message>
    <message>
        <location filename="../../ui/card_history.py" line="75"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../ui/card_history.py" line="78"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/card_history.py" line="88"/>
        <source>No entries about this customer.</source>
        <translation>没有关于此客户的记录。</translation>
    </message>
    <message>
        <location filename="../../ui/card_history.py" line="90"/>
        <source>Entries: %1</source>
        <translation>记录：%1 条</translation>
    </message>
    <message>
        <location filename="../../ui/card_history.py" line="93"/>
        <source>Entries shown: %1 (scroll for older ones)</source>
        <translation>已显示 %1 条记录（向下滚动查看更早的记录）</translation>
    </message>
</context>
<context>
    <name>HoldDialog</name>
    <message>
        <location filename="../../ui/requests_card.py" line="69"/>
        <source>Keep fields under a legal hold</source>
        <translation>依法保留字段</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="73"/>
        <source>When this customer is erased, the fields ticked here are kept until the day given, because a law or contract requires it (PIPL Art. 47(2)); nothing else is kept.</source>
        <translation>彻底删除该客户时，此处勾选的字段会保留到指定日期，因为法律或合同要求保存（《个人信息保护法》第四十七条第二款）；其他信息一律删除。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="88"/>
        <source>Fields to keep</source>
        <translation>保留的字段</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="91"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="92"/>
        <source>Keep until</source>
        <translation>保留至</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="95"/>
        <source>e.g. Invoices: Accounting Archives Measures, 30 years</source>
        <translation>例如：发票记录，《会计档案管理办法》规定保存 30 年</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="96"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ImportFeature</name>
    <message>
        <location filename="../../ui/importing.py" line="29"/>
        <source>&amp;Import customers…</source>
        <translation>导入客户…</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="30"/>
        <source>Import customers from a CSV, Excel or vCard file</source>
        <translation>从 CSV、Excel 或 vCard 文件导入客户</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="31"/>
        <source>Im&amp;ports…</source>
        <translation>导入记录…</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="32"/>
        <source>See past imports and undo one</source>
        <translation>查看以往的导入并可撤销</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="653"/>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="656"/>
        <source>Everything is imported together or not at all: Cancel leaves your customers as they were.</source>
        <translation>要么全部导入，要么都不导入：取消后客户数据保持原样。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="666"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="686"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="696"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="703"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="704"/>
        <source>%1 rows/s</source>
        <translation>每秒 %1 行</translation>
    </message>
</context>
<context>
    <name>ImportUndo</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="827"/>
        <location filename="../../ui/import_wizard.py" line="838"/>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="828"/>
        <source>Undo import no. %1? The customers it added are removed and the values it replaced are put back, except where someone changed them since.</source>
        <translation>撤销第 %1 次导入？该次导入新增的客户将被删除，被替换的值将恢复原样（导入后已被他人修改的除外）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="848"/>
        <source>Undone: %1 customers removed, %2 values restored, %3 kept because they were changed since.</source>
        <translation>已撤销：删除 %1 位客户，恢复 %2 个值，%3 个值因导入后已被修改而保留。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="871"/>
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_wizard.py" line="918"/>
        <source>%n column(s)</source>
        <translation>
            <numerusform>%n 列</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="920"/>
        <source>Excel workbook, sheet %1, %2</source>
        <translation>Excel 工作簿，工作表 %1，%2</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="922"/>
        <source>Contacts (vCard), %1</source>
        <translation>通讯录（vCard），%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="926"/>
        <source>Text table (CSV), %1, %2</source>
        <translation>文本表格（CSV），%1，%2</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="943"/>
        <source>Consent: %1</source>
        <translation>同意：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="950"/>
        <source>Invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="952"/>
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="954"/>
        <source>Duplicate in the file</source>
        <translation>文件内重复</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="955"/>
        <source>Duplicate of no. %1</source>
        <translation>与 %1 号重复</translation>
    </message>
</context>
<context>
    <name>ImportsDialog</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="1122"/>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1132"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1133"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1134"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1135"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1136"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1137"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1138"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1139"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1145"/>
        <source>Undo import…</source>
        <translation>撤销导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1153"/>
        <source>Every import, who ran it, from which file and source.</source>
        <translation>每一次导入：由谁执行、来自哪个文件及数据来源。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1180"/>
        <source>Undone %1 by %2</source>
        <translation>已于 %1 由 %2 撤销</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="1205"/>
        <source>No imports yet.</source>
        <translation>尚无导入记录。</translation>
    </message>
</context>
<context>
    <name>IncidentEditor</name>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="406"/>
        <source>Record an incident</source>
        <translation>登记安全事件</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="408"/>
        <source>Incident %1</source>
        <translation>安全事件 %1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="424"/>
        <source>e.g. Field laptop lost on the train</source>
        <translation>例如：外勤笔记本电脑在地铁上丢失</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="447"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="448"/>
        <source>What happened</source>
        <translation>事件经过</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="449"/>
        <source>When it happened</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="450"/>
        <source>When it was discovered</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="451"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="454"/>
        <source>Find the affected customers in the audit log</source>
        <translation>从审计日志查找受影响的客户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="468"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="473"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="474"/>
        <source>Between</source>
        <translation>时间段</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="481"/>
        <source>Affected customers</source>
        <translation>受影响的客户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="492"/>
        <source>Fields involved</source>
        <translation>涉及的字段</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="494"/>
        <source>Notify the affected customers</source>
        <translation>告知受影响的客户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="498"/>
        <location filename="../../ui/alerts_dialog.py" line="503"/>
        <source>Why (PIPL Art. 57)</source>
        <translation>理由（个人信息保护法第五十七条）</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="499"/>
        <source>Notify the regulator</source>
        <translation>报告监管部门</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="515"/>
        <source>What customers can do themselves (in the letter)</source>
        <translation>客户自己可以采取的措施（写入告知函）</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="518"/>
        <source>e.g. Ms Wang, 010-12345678</source>
        <translation>例如：王女士，010-12345678</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="519"/>
        <source>Actions taken</source>
        <translation>已采取的措施</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="520"/>
        <source>Advice to customers</source>
        <translation>给客户的建议</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="521"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="532"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="548"/>
        <source>%1 customer(s)</source>
        <translation>%1 位客户</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="560"/>
        <source>%1 customer(s) and %2 field(s) found; check the fields below.</source>
        <translation>找到 %1 位客户和 %2 个字段；请核对下方的字段。</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <location filename="../../ui/main.py" line="133"/>
        <source>Preparing the demo vault…</source>
        <translation>正在准备演示保管库…</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="134"/>
        <location filename="../../ui/main.py" line="182"/>
        <source>Custos demo</source>
        <translation>Custos 演示</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="161"/>
        <source>Adding demo customers: %1 of %2</source>
        <translation>正在添加演示客户：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="183"/>
        <source>The demo vault could not be prepared.</source>
        <translation>无法准备演示保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="205"/>
        <source>Field pack expired</source>
        <translation>外勤包已过期</translation>
    </message>
</context>
<context>
    <name>LiftDialog</name>
    <message>
        <location filename="../../ui/requests_card.py" line="130"/>
        <source>Lift the restriction</source>
        <translation>解除限制</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="134"/>
        <source>From now on the customer&apos;s data may be used again: exported, listed for marketing and updated by imports. Say why.</source>
        <translation>解除后客户的信息可以再次使用：可导出、列入营销名单，导入也会更新其资料。请说明原因。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="142"/>
        <source>e.g. The customer withdrew the request by phone</source>
        <translation>例如：客户来电撤回了请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="143"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>LocationPage</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="186"/>
        <source>Where to keep the vault</source>
        <translation>保管库存放位置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="189"/>
        <source>The vault is a folder holding the encrypted customer database and its keys. Choose a new folder, or an empty one.</source>
        <translation>保管库是一个文件夹，其中存放加密的客户数据库及其密钥。请选择新文件夹或空文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="194"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="201"/>
        <source>Include this folder in your regular backups. A copy of it is of no use to anyone without a password or the recovery code.</source>
        <translation>请将此文件夹纳入日常备份。没有密码或恢复码，任何人拿到其副本也无法使用。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="207"/>
        <source>Vault folder:</source>
        <translation>保管库文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="229"/>
        <source>Choose a folder for the vault</source>
        <translation>选择保管库文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="242"/>
        <source>A new folder will be created.</source>
        <translation>将创建一个新文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="244"/>
        <source>This is a file, not a folder. Choose a folder.</source>
        <translation>这是文件，不是文件夹。请选择一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="248"/>
        <source>This folder already holds a Custos vault. Go back and choose “Open an existing vault…”, or choose another folder.</source>
        <translation>此文件夹中已有 Custos 保管库。请返回并选择“打开现有保管库…”，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="255"/>
        <source>This folder is not empty. Choose an empty folder, or type the name of a new one.</source>
        <translation>此文件夹不为空。请选择一个空文件夹，或输入新文件夹的名称。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="260"/>
        <source>The vault will be created in this empty folder.</source>
        <translation>将在此空文件夹中创建保管库。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="473"/>
        <source>Search by name, pinyin or initials, phone, e-mail, company or tag  (Ctrl+F)</source>
        <translation>按姓名、拼音或首字母、电话、电子邮箱、公司或标签搜索客户  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="475"/>
        <source>&amp;New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476"/>
        <source>Add a customer (Ctrl+N)</source>
        <translation>添加客户 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="477"/>
        <source>&amp;Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="478"/>
        <source>Open the selected customer (Enter)</source>
        <translation>打开所选客户 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="479"/>
        <source>&amp;Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="480"/>
        <source>Delete the selected customer (Del)</source>
        <translation>删除所选客户 (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="481"/>
        <source>&amp;Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="482"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="483"/>
        <source>Lock the vault now (Ctrl+L)</source>
        <translation>立即锁定保管库 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="484"/>
        <source>&amp;Columns…</source>
        <translation>列…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="489"/>
        <source>Change &amp;password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="490"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="491"/>
        <source>&amp;Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="492"/>
        <source>&amp;Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>Lock the vault and close Custos (Ctrl+Q)</source>
        <translation>锁定保管库并关闭 Custos（Ctrl+Q）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="496"/>
        <source>&amp;File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="497"/>
        <source>&amp;Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="498"/>
        <source>&amp;View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="499"/>
        <source>&amp;Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="500"/>
        <source>&amp;Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="605"/>
        <source>Custos is locked</source>
        <translation>Custos 已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="606"/>
        <source>Customer data is hidden until you sign in again.</source>
        <translation>重新登录前，客户数据将保持隐藏。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>%1 — Custos</source>
        <translation>%1 — Custos</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="485"/>
        <source>Customer &amp;card</source>
        <translation>客户卡片</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="486"/>
        <source>Show or hide the card of the selected customer (Ctrl+I)</source>
        <translation>显示或隐藏所选客户的卡片（Ctrl+I）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="487"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="514"/>
        <source>Field pack for %1 — Custos</source>
        <translation>%1 的外勤包 — Custos</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>Custos</source>
        <translation>Custos</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>Field pack for %1 — offline — expires %2</source>
        <translation>%1 的外勤包 — 离线 — %2 到期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="579"/>
        <source>Search, view, add and edit customers and record consent here; it all goes into the office vault (%1) when the pack is merged back there. Office work — backups, users, imports, exports, reports, field packs — is done in the office.</source>
        <translation>在这里可以查找、查看、新增和修改客户，并记录同意；外勤包合并回办公室后，这些都会进入办公室的数据库（%1）。备份、用户、导入、导出、报告和外勤包等办公室工作，请在办公室完成。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="600"/>
        <source>Choose your own password</source>
        <translation>请设置您自己的密码</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="602"/>
        <source>Customer records appear once you have set a password only you know.</source>
        <translation>设置只有您知道的密码后，才会显示客户记录。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="657"/>
        <source>Your role (%1) shows counts only: customer details are not part of it. If your work needs them, ask the owner to change your role.</source>
        <translation>您的角色（%1）只能查看数量统计，不能查看客户详细信息。如工作需要，请联系所有者更改您的角色。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="673"/>
        <source>%1 (read only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="676"/>
        <source>As %1 you see: %2</source>
        <translation>您的角色为%1，可查看：%2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="678"/>
        <source>As %1 you see no customer details, only counts</source>
        <translation>您的角色为%1，不能查看客户详细信息，只能查看数量统计</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="680"/>
        <source>masked: %1</source>
        <translation>脱敏显示：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="682"/>
        <source>hidden: %1</source>
        <translation>隐藏：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="683"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="683"/>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="703"/>
        <source>Since your last sign-in</source>
        <translation>自您上次登录以来</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="750"/>
        <source>Requests: %1 overdue, %2 due soon</source>
        <translation>请求：%1 件逾期，%2 件即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="752"/>
        <source>Tools → Customers&apos; requests</source>
        <translation>工具 → 客户请求</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="759"/>
        <source>%1 overdue since %2</source>
        <translation>%1 自 %2 起逾期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="759"/>
        <source>%1 due on %2</source>
        <translation>%1 将于 %2 到期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="762"/>
        <source>… and %1 more</source>
        <translation>…… 另有 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="765"/>
        <source>Customers&apos; requests need an answer</source>
        <translation>有客户请求需要答复</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="801"/>
        <source>On %1 the recovery code was used to reset the password of %2. If no owner did this, the recovery code has leaked: replace it and check the users.</source>
        <translation>%1，有人使用恢复码重置了 %2 的密码。如果这不是所有者本人所为，说明恢复码已泄露：请更换恢复码并检查用户列表。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="848"/>
        <source>Your new password is saved.</source>
        <translation>新密码已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1024"/>
        <source>%1+ matches</source>
        <translation>%1+ 条匹配结果</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1026"/>
        <source>No matches</source>
        <translation>无匹配结果</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1028"/>
        <source>1 match</source>
        <translation>1 条匹配结果</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1030"/>
        <source>%1 matches</source>
        <translation>%1 条匹配结果</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1053"/>
        <source>No customer matches “%1”</source>
        <translation>没有与“%1”匹配的客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1055"/>
        <source>Check the spelling, or search by another detail: part of a phone number, an e-mail address, a company or a tag.</source>
        <translation>请检查拼写，或换一项信息搜索：电话号码的一部分、电子邮箱、公司或标签。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1058"/>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1060"/>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1062"/>
        <location filename="../../ui/main_window.py" line="1075"/>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1064"/>
        <source>Add your first customer to begin. Each field in the form says what it is for, and the search box above finds anyone again as you type.</source>
        <translation>添加第一位客户即可开始。表单中的每个字段都说明了用途；上方的搜索框可边输入边找到任何客户。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1067"/>
        <source>Add the first customer</source>
        <translation>添加第一位客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1077"/>
        <source>Customers appear here as your colleagues add them. Your role does not add customers.</source>
        <translation>同事添加的客户会显示在这里。您的角色不能添加客户。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1183"/>
        <source>The card stays on %1 until its changes are saved or undone.</source>
        <translation>在保存或撤销更改之前，卡片将停留在 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1257"/>
        <source>The customer you saved does not match the search “%1”: the search was cleared to show them.</source>
        <translation>您保存的客户与搜索“%1”不匹配：已清除搜索以显示该客户。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1271"/>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1273"/>
        <source>Delete “%1”? The customer disappears from every list and search. The record is kept for the erasure workflow until it is purged.</source>
        <translation>要删除“%1”吗？该客户将不再出现在任何列表和搜索结果中。在彻底清除之前，该记录会保留，以供个人信息删除流程处理。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1315"/>
        <source>1 customer</source>
        <translation>1 位客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1317"/>
        <source>%1 customers</source>
        <translation>%1 位客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1322"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1330"/>
        <source>Field pack: %1</source>
        <translation>外勤包：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1332"/>
        <source>Vault: %1</source>
        <translation>保管库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1335"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1344"/>
        <source>No changes yet</source>
        <translation>尚无更改</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1346"/>
        <source>Saved %1</source>
        <translation>已于 %1 保存</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="315"/>
        <source>Which column goes into which field</source>
        <translation>各列对应到哪个字段</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="318"/>
        <source>Columns were matched by their names. Choose “Do not import” for a column you do not want; two columns sent to the same field are joined (姓 + 名).</source>
        <translation>已按列名自动对应。不需要的列请选“不导入”；对应到同一字段的两列会合并（姓 + 名）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="327"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="327"/>
        <source>First value</source>
        <translation>第一个值</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="327"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="333"/>
        <source>Consent answers refer to the notice:</source>
        <translation>同意列所依据的告知同意书：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="337"/>
        <source>Use this mapping again for files with these columns</source>
        <translation>以后遇到相同列的文件时沿用此对应关系</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="356"/>
        <source>Recognised: an export of %1.</source>
        <translation>已识别：%1 导出的文件。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="358"/>
        <source>The mapping you chose for these columns last time is filled in.</source>
        <translation>已填入上次为这些列选择的对应关系。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="374"/>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/merge_dialog.py" line="56"/>
        <source>Merge duplicate customers</source>
        <translation>合并重复客户</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="70"/>
        <source>Looking for likely duplicates…</source>
        <translation>正在查找可能重复的客户…</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="78"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="78"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="78"/>
        <source>Same</source>
        <translation>相同项</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="82"/>
        <source>Choose the value to keep for each field</source>
        <translation>为每个字段选择要保留的值</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="92"/>
        <source>Keep the other one</source>
        <translation>改为保留另一条</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="762"/>
        <location filename="../../ui/fieldpacks.py" line="770"/>
        <source>Merge a field pack</source>
        <translation>合并外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="772"/>
        <source>Pack: %1</source>
        <translation>外勤包：%1</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="817"/>
        <location filename="../../ui/merge_dialog.py" line="101"/>
        <location filename="../../ui/merge_dialog.py" line="299"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="820"/>
        <source>Review queue…</source>
        <translation>待审队列…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="861"/>
        <source>Checking the pack (nothing changes yet)…</source>
        <translation>正在检查外勤包（尚未做任何更改）…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="876"/>
        <source>This pack was already merged: merging it again changes nothing.</source>
        <translation>这个外勤包已经合并过：再次合并不会做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="878"/>
        <location filename="../../ui/fieldpacks.py" line="944"/>
        <location filename="../../ui/fieldpacks.py" line="953"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="881"/>
        <source>The pack of %1, prepared %2 by %3. Merging would do this:</source>
        <translation>%1 的外勤包，由 %3 于 %2 制作。合并将会：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="902"/>
        <source>Customers erased in the office while the pack was out are not brought back: what the field changed or added for them is discarded.</source>
        <translation>外勤包在外期间于办公室删除（擦除）的客户不会被恢复：外勤对他们所做的修改和新增都会被舍弃。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="909"/>
        <source>Fields changed both here and in the field, and new customers who may already be here, wait in the review queue: nothing is overwritten without a person deciding.</source>
        <translation>办公室和外勤都改过的字段，以及可能已在库中的新客户，会进入待审队列：没有人确认，就不会覆盖任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="936"/>
        <source>Field pack merged</source>
        <translation>外勤包已合并</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="937"/>
        <source>Merged. The office vault now holds the field&apos;s work:</source>
        <translation>已合并。办公室的数据库现在包含外勤的工作：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="938"/>
        <source>The pack of %1 is merged.</source>
        <translation>%1 的外勤包已合并。</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="164"/>
        <source>No likely duplicates: no two customers share a phone, e-mail or ID number, or both name and company.</source>
        <translation>没有可能重复的客户：没有两位客户的电话、电子邮箱或身份证号相同，也没有姓名和公司都相同的。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/merge_dialog.py" line="171"/>
        <source>The first %n likely duplicate pairs. Merge these, and more will be listed.</source>
        <translation>
            <numerusform>前 %n 对可能重复的客户。合并这些后将列出更多。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/merge_dialog.py" line="178"/>
        <source>%n likely duplicate pair(s). Pick one to compare.</source>
        <translation>
            <numerusform>%n 对可能重复的客户。选择一对进行比较。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="196"/>
        <source>name and company</source>
        <translation>姓名和公司</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="221"/>
        <source>Keep No. %1</source>
        <translation>保留 %1 号</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="222"/>
        <source>Merge away No. %1</source>
        <translation>并入后移除 %1 号</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="244"/>
        <source>Your role cannot change this field; the kept value stays.</source>
        <translation>您的角色不能修改此字段，将保留原值。</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="261"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="286"/>
        <source>Merge customers?</source>
        <translation>合并客户？</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="288"/>
        <source>Merge No. %2 (%3) into No. %1 (%4)? No. %2 leaves the customer list; its number then leads to No. %1 and its history is kept. This cannot be undone.</source>
        <translation>将 %2 号（%3）合并到 %1 号（%4）？%2 号将从客户列表中移除，其编号此后指向 %1 号，其历史记录保留。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="922"/>
        <location filename="../../ui/merge_dialog.py" line="320"/>
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="334"/>
        <source>Merged No. %1 into No. %2.</source>
        <translation>已将 %1 号合并到 %2 号。</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="343"/>
        <source>Could not list the likely duplicates.</source>
        <translation>无法列出可能重复的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="344"/>
        <source>Could not list the likely duplicates</source>
        <translation>无法列出可能重复的客户</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="349"/>
        <source>Could not merge the customers</source>
        <translation>无法合并客户</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="69"/>
        <source>This password is too easy to guess for an account that can manage users.</source>
        <translation>对于可以管理用户的账户，此密码太容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="80"/>
        <source>Wrong password. Nothing was changed; please try again.</source>
        <translation>密码错误。未做任何更改，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="85"/>
        <source>Too many wrong passwords. Please wait %n second(s) before trying again.</source>
        <translation>密码错误次数过多。请等待 %n 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="90"/>
        <source>This vault was saved by a newer version of Custos. Please update Custos to open it. The vault was not changed.</source>
        <translation>此保管库由更新版本的 Custos 保存。请升级 Custos 后再打开。保管库未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97"/>
        <source>The vault is damaged and cannot be opened. Restore it from a backup.</source>
        <translation>保管库已损坏，无法打开。请从备份恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105"/>
        <source>This folder is not a Custos vault.</source>
        <translation>此文件夹不是 Custos 保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="108"/>
        <source>There is no user with that name in this vault.</source>
        <translation>此保管库中没有该用户。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="111"/>
        <source>A new version (%1) of the written policy was published. Lock Custos (Ctrl+L) and sign in again to read and acknowledge it; until then no customer is shown.</source>
        <translation>客户信息管理制度已发布新版本（第 %1 版）。请锁定 Custos（Ctrl+L）并重新登录，阅读并确认新版本；确认之前不显示任何客户。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="117"/>
        <source>The vault is locked. Please sign in again.</source>
        <translation>保管库已锁定。请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="123"/>
        <source>The file could not be written or read: %1</source>
        <translation>无法读写文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="126"/>
        <source>Something went wrong inside Custos. Nothing was saved. Details: %1</source>
        <translation>Custos 内部出错，未保存任何内容。详细信息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="135"/>
        <source>Custos</source>
        <translation>Custos</translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="194"/>
        <source>New request</source>
        <translation>新建请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="205"/>
        <source>In person</source>
        <translation>当面</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="206"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="207"/>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="208"/>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="209"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="210"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="215"/>
        <source>Customer no. (if known)</source>
        <translation>客户编号（如已知）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="220"/>
        <source>e.g. ID card seen at the counter</source>
        <translation>例如：柜台查验身份证</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="221"/>
        <source>Identity verified</source>
        <translation>身份已核验</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="227"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="228"/>
        <source>Requester</source>
        <translation>请求人</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="229"/>
        <source>Received via</source>
        <translation>收到方式</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="230"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="231"/>
        <source>What was asked</source>
        <translation>请求内容</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="232"/>
        <source>Identity check</source>
        <translation>身份核验</translation>
    </message>
</context>
<context>
    <name>NoticeTextsDialog</name>
    <message>
        <location filename="../../ui/notice_editor.py" line="83"/>
        <source>Notice texts</source>
        <translation>告知同意书文本</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="109"/>
        <source>Notice</source>
        <translation>告知书</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="109"/>
        <source>Written</source>
        <translation>撰写时间</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="112"/>
        <source>New text…</source>
        <translation>新建文本…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="115"/>
        <source>New version…</source>
        <translation>新建版本…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="139"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="173"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="175"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="183"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="184"/>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="187"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="210"/>
        <source>e.g. marketing-2027 (lower-case letters, digits, -)</source>
        <translation>例如 marketing-2027（小写字母、数字和 -）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="227"/>
        <source>The partner&apos;s name (for sharing)</source>
        <translation>合作方名称（用于向第三方提供）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="229"/>
        <source>Also for children under 14 (guardian consent)</source>
        <translation>也适用于不满十四周岁的儿童（监护人同意）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="234"/>
        <source>Why this version (kept with it)</source>
        <translation>本版本的修改原因（随版本保存）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="238"/>
        <source>Key:</source>
        <translation>键名：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="239"/>
        <source>Title (Chinese):</source>
        <translation>标题（中文）：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="240"/>
        <source>Title (English):</source>
        <translation>标题（英文）：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="241"/>
        <source>Purposes:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="242"/>
        <source>Partner:</source>
        <translation>合作方：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="244"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="262"/>
        <source>Fill empty sections with a draft</source>
        <translation>用草稿填写空白部分</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="267"/>
        <source>PIPL Art. 17 check</source>
        <translation>《个人信息保护法》第十七条检查</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="278"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="281"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="314"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="316"/>
        <source>Version %1 (current)</source>
        <translation>版本 %1（当前）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="353"/>
        <source>No notice text yet: New text… writes the first one.</source>
        <translation>还没有告知同意书文本：点击“新建文本…”撰写第一份。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="362"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="373"/>
        <source>%1 · version %2 · %3
Purposes: %4
SHA-256: %5</source>
        <translation>%1 · 版本 %2 · %3
用途：%4
SHA-256：%5</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="399"/>
        <source>Choose two different versions to see what changed.</source>
        <translation>请选择两个不同的版本以查看改动。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="405"/>
        <source>The text in this language is the same in both versions.</source>
        <translation>两个版本中该语言的文本相同。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="433"/>
        <source>New notice text</source>
        <translation>新建告知同意书文本</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="460"/>
        <source>New version %1 of %2 (version %3 stays as it is)</source>
        <translation>%2 的新版本 %1（版本 %3 保持不变）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="525"/>
        <source>Tick the purposes this notice covers first.</source>
        <translation>请先勾选本告知书涵盖的用途。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="552"/>
        <source>Tick the purposes this notice covers.</source>
        <translation>请勾选本告知书涵盖的用途。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="561"/>
        <source>Still missing before this notice can be saved:</source>
        <translation>保存本告知书前仍缺少：</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="568"/>
        <source>✔ Everything PIPL Art. 17 asks of this notice is there.</source>
        <translation>✔ 本告知书已包含《个人信息保护法》第十七条要求的全部内容。</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="578"/>
        <source>Missing: %1</source>
        <translation>缺少：%1</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="579"/>
        <source>%1 still holds text to fill in (【…】)</source>
        <translation>%1 仍有待填写的内容（【…】）</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="580"/>
        <source>%1 gives no phone number or e-mail address</source>
        <translation>%1 未提供电话号码或电子邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="581"/>
        <source>Name the partner the information is shared with</source>
        <translation>请填写接收信息的合作方名称</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="582"/>
        <source>The notice needs its text in Chinese or English</source>
        <translation>告知书需要有中文或英文文本</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="629"/>
        <source>Nothing was saved. %1</source>
        <translation>未保存任何内容。%1</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="672"/>
        <source>Discard this text?</source>
        <translation>放弃此文本？</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editor.py" line="673"/>
        <source>The notice text being written was not saved. Discard it?</source>
        <translation>正在撰写的告知书文本尚未保存。要放弃吗？</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="568"/>
        <source>Duplicates and where the data came from</source>
        <translation>重复客户与数据来源</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="571"/>
        <source>A row is a duplicate when its phone, e-mail or ID number belongs to a customer you have (or to an earlier row of the file).</source>
        <translation>若某行的电话、电子邮箱或身份证号与现有客户（或文件中前面的行）相同，即视为重复。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="577"/>
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="577"/>
        <source>Keep the customers as they are.</source>
        <translation>现有客户保持不变。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="579"/>
        <source>Fill in empty fields</source>
        <translation>补全空白字段</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="580"/>
        <source>Add what the file knows and the customer lacks; change nothing else.</source>
        <translation>只补上客户缺少而文件中有的信息，其他不变。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="583"/>
        <source>Overwrite with the file&apos;s values</source>
        <translation>用文件中的值覆盖</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="584"/>
        <source>The file&apos;s non-empty values replace the customer&apos;s (undo puts them back).</source>
        <translation>文件中的非空值替换客户现有的值（撤销可恢复）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="587"/>
        <source>Add them as new customers anyway</source>
        <translation>仍作为新客户添加</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="588"/>
        <source>You can merge them later (Tools → Merge duplicates).</source>
        <translation>以后可以合并（工具 → 合并重复客户）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="611"/>
        <source>Customers&apos; own sign-up forms (consent given)</source>
        <translation>客户本人填写的登记表（已同意）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="612"/>
        <source>Trade-fair visitor list (visitors consented to being contacted)</source>
        <translation>展会访客名单（访客同意被联系）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="613"/>
        <source>Our previous customer system (existing customers, contract)</source>
        <translation>原有客户系统（现有客户，履行合同）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="614"/>
        <source>Contacts on the shop&apos;s phone (existing customers)</source>
        <translation>店里手机上的通讯录（现有客户）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="617"/>
        <source>e.g. customers&apos; own sign-up forms</source>
        <translation>例如：客户本人填写的登记表</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="619"/>
        <source>Where did this data come from, and on what basis?</source>
        <translation>这些数据从哪里来，依据是什么？</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="625"/>
        <source>Kept with the import and on each new customer, as the law on personal information asks: you may need to show where a customer&apos;s data came from.</source>
        <translation>按个人信息保护法的要求，随导入记录和每位新客户一起保存：日后可能需要说明客户信息的来源。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="632"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>PartnerEditor</name>
    <message>
        <location filename="../../ui/partners_dialog.py" line="73"/>
        <source>Edit partner</source>
        <translation>编辑合作伙伴</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="73"/>
        <source>Add partner</source>
        <translation>添加合作伙伴</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="108"/>
        <source>Deleted by the partner</source>
        <translation>由合作伙伴删除</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="109"/>
        <source>Returned to us</source>
        <translation>返还给我们</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="115"/>
        <source>Suspended: no exports to this partner for now</source>
        <translation>暂停：暂时不向该合作伙伴导出</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="120"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="121"/>
        <source>Contact:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="122"/>
        <source>Purposes:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="123"/>
        <source>Information shared:</source>
        <translation>提供的信息：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="126"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="129"/>
        <source>Agreement period:</source>
        <translation>协议期限：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="130"/>
        <source>Next review:</source>
        <translation>下次复核：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="131"/>
        <source>Security measures:</source>
        <translation>安全措施：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="132"/>
        <source>At the end the data is:</source>
        <translation>协议结束时数据：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="133"/>
        <source>Security assessment:</source>
        <translation>安全评估：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="139"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="140"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="147"/>
        <source>The agreement must say the purposes, the period, the information shared, the security measures and what happens to the data at the end (PIPL Art. 21).</source>
        <translation>协议须约定处理目的、期限、提供的个人信息种类、保护措施以及协议结束时数据的处理方式（《个人信息保护法》第二十一条）。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="200"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="201"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="202"/>
        <source>Purposes</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="203"/>
        <source>Information shared</source>
        <translation>提供的信息</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="204"/>
        <location filename="../../ui/partners_dialog.py" line="205"/>
        <source>Agreement period</source>
        <translation>协议期限</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="206"/>
        <source>Next review</source>
        <translation>下次复核</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="207"/>
        <source>Security measures</source>
        <translation>安全措施</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="208"/>
        <source>At the end the data is</source>
        <translation>协议结束时数据</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="209"/>
        <source>Security assessment</source>
        <translation>安全评估</translation>
    </message>
</context>
<context>
    <name>PartnersDialog</name>
    <message>
        <location filename="../../ui/partners_dialog.py" line="225"/>
        <location filename="../../ui/partners_dialog.py" line="301"/>
        <source>Partners</source>
        <translation>合作伙伴</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="236"/>
        <source>Partner</source>
        <translation>合作伙伴</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="237"/>
        <source>Agreement</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="238"/>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="239"/>
        <source>Purposes</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="240"/>
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="261"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="261"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="261"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="261"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="261"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="270"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="272"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="274"/>
        <source>Attach agreement…</source>
        <translation>附上协议…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="276"/>
        <source>End agreement…</source>
        <translation>终止协议…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="278"/>
        <source>Confirm deletion…</source>
        <translation>确认删除…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="287"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="306"/>
        <source>Exports this partner received:</source>
        <translation>该合作伙伴收到的导出：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="321"/>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="322"/>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="323"/>
        <source>Ended</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="324"/>
        <source>Expired</source>
        <translation>已到期</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="325"/>
        <source>Not started</source>
        <translation>尚未生效</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="327"/>
        <source>To be confirmed</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="327"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="353"/>
        <source>%1: the agreement ended on %2. Obtain the partner&apos;s confirmation that the data was deleted or returned.</source>
        <translation>%1：协议已于 %2 终止。请取得对方已删除或返还数据的确认。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="356"/>
        <source>%1: the agreement expired on %2. End it, or renew it.</source>
        <translation>%1：协议已于 %2 到期。请终止或续签。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="357"/>
        <source>%1: the agreement expires on %2.</source>
        <translation>%1：协议将于 %2 到期。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="358"/>
        <source>%1: the partner&apos;s review is due on %2.</source>
        <translation>%1：应于 %2 对该合作伙伴进行复核。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="373"/>
        <source>No partner is registered yet.</source>
        <translation>尚未登记任何合作伙伴。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="380"/>
        <source>deleted by the partner</source>
        <translation>由合作伙伴删除</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="382"/>
        <source>returned to us</source>
        <translation>返还给我们</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="385"/>
        <source>Contact: %1</source>
        <translation>联系方式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="386"/>
        <source>Agreement: %1 to %2; at the end the data is %3.</source>
        <translation>协议：%1 至 %2；结束时数据%3。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="390"/>
        <source>Security measures: %1</source>
        <translation>安全措施：%1</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="393"/>
        <source>Security assessment: %1</source>
        <translation>安全评估：%1</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="397"/>
        <source>Signed agreement: %1 (%2 KB)</source>
        <translation>已签协议：%1（%2 KB）</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="402"/>
        <source>No signed agreement attached yet.</source>
        <translation>尚未附上已签署的协议。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="404"/>
        <source>Deletion confirmed: %1</source>
        <translation>已确认删除：%1</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="448"/>
        <source>The signed agreement</source>
        <translation>已签署的协议</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="450"/>
        <source>Scans and PDFs (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>扫描件和 PDF (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="457"/>
        <source>the file is over 10 MB</source>
        <translation>文件超过 10 MB</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="462"/>
        <source>The signed agreement is stored in the vault.</source>
        <translation>已签协议已保存到保险库中。</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="472"/>
        <source>End agreement</source>
        <translation>终止协议</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="474"/>
        <source>End the agreement with %1? No more exports to it; its deletion of the data is then to be confirmed. Note (optional):</source>
        <translation>终止与 %1 的协议？此后不再向其导出，并需确认其已删除数据。备注（可选）：</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="494"/>
        <source>Confirm deletion</source>
        <translation>确认删除</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="495"/>
        <source>How did %1 confirm the data was deleted or returned (date, document, who)?</source>
        <translation>%1 如何确认已删除或返还数据（日期、文件、确认人）？</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="504"/>
        <source>Say how the partner confirmed it.</source>
        <translation>请说明合作伙伴是如何确认的。</translation>
    </message>
</context>
<context>
    <name>PasswordFeedback</name>
    <message>
        <location filename="../../ui/password_meter.py" line="21"/>
        <source>Add another word or two. Uncommon words are better.</source>
        <translation>再加一两个词，不常见的词更好。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="22"/>
        <source>Capitalization doesn&apos;t help very much.</source>
        <translation>大写字母帮助不大。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="23"/>
        <source>Reversed words aren&apos;t much harder to guess.</source>
        <translation>把单词倒过来写并不会更难猜。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="24"/>
        <source>Predictable substitutions like &apos;@&apos; instead of &apos;a&apos; don&apos;t help very much.</source>
        <translation>用“@”代替“a”这类可预测的替换帮助不大。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="27"/>
        <source>Use a few words, avoid common phrases.</source>
        <translation>使用几个词组合，避免常见短语。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="28"/>
        <source>No need for symbols, digits, or uppercase letters.</source>
        <translation>不必使用符号、数字或大写字母。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="29"/>
        <source>Straight rows of keys are easy to guess.</source>
        <translation>键盘上连成一排的按键很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="30"/>
        <source>Short keyboard patterns are easy to guess.</source>
        <translation>简短的键盘图案很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="31"/>
        <source>This is a top-10 common password.</source>
        <translation>这是最常用的 10 个密码之一。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="32"/>
        <source>This is similar to a commonly used password.</source>
        <translation>这与一个常用密码相似。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="33"/>
        <source>A word by itself is easy to guess.</source>
        <translation>单独一个词很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="34"/>
        <source>All-uppercase is almost as easy to guess as all-lowercase.</source>
        <translation>全部大写和全部小写几乎一样容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="35"/>
        <source>Use a longer keyboard pattern with more turns.</source>
        <translation>请使用更长、转折更多的键盘图案。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="36"/>
        <source>Repeats like &quot;aaa&quot; are easy to guess.</source>
        <translation>“aaa”这样的重复很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="37"/>
        <source>Repeats like &quot;abcabcabc&quot; are only slightly harder to guess than &quot;abc&quot;.</source>
        <translation>“abcabcabc”这样的重复只比“abc”稍难猜一点。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="40"/>
        <source>This is a top-100 common password.</source>
        <translation>这是最常用的 100 个密码之一。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="41"/>
        <source>This is a very common password.</source>
        <translation>这是一个非常常见的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="42"/>
        <source>Names and surnames by themselves are easy to guess.</source>
        <translation>单独的名字或姓氏很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="43"/>
        <source>Common names and surnames are easy to guess.</source>
        <translation>常见的名字和姓氏很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="44"/>
        <source>Avoid repeated words and characters.</source>
        <translation>避免重复的词和字符。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="45"/>
        <source>Sequences like &quot;abc&quot; or &quot;6543&quot; are easy to guess.</source>
        <translation>“abc”或“6543”这样的序列很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="46"/>
        <source>Avoid sequences.</source>
        <translation>避免使用序列。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="47"/>
        <source>Recent years are easy to guess.</source>
        <translation>最近的年份很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="48"/>
        <source>Dates are often easy to guess.</source>
        <translation>日期通常很容易被猜到。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="49"/>
        <source>Avoid recent years.</source>
        <translation>避免使用最近的年份。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="50"/>
        <source>Avoid years that are associated with you.</source>
        <translation>避免使用与您有关的年份。</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="51"/>
        <source>Avoid dates and years that are associated with you.</source>
        <translation>避免使用与您有关的日期和年份。</translation>
    </message>
</context>
<context>
    <name>PasswordStrengthMeter</name>
    <message>
        <location filename="../../ui/password_meter.py" line="125"/>
        <source>Too short</source>
        <translation>太短</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="111"/>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="110"/>
        <source>Very weak</source>
        <translation>很弱</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="112"/>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="113"/>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="114"/>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location filename="../../ui/password_meter.py" line="126"/>
        <source>At least %1 characters.</source>
        <translation>至少 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>PasswordsForm</name>
    <message>
        <location filename="../../ui/password_dialog.py" line="57"/>
        <source>At least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="63"/>
        <source>A password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/password_dialog.py" line="65"/>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PolicyAcknowledgeDialog</name>
    <message>
        <location filename="../../ui/policy_view.py" line="148"/>
        <source>Customer information policy: please read</source>
        <translation>客户信息管理制度：请阅读</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="151"/>
        <source>Version %1 of the customer information policy was published by %2 on %3. Read it to the end and acknowledge it before you see any customer.</source>
        <translation>客户信息管理制度第 %1 版已由 %2 于 %3 发布。请读完全文并确认，之后才能查看客户。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="158"/>
        <source>&amp;Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="160"/>
        <source>Version %1 · SHA-256 %2</source>
        <translation>第 %1 版 · SHA-256 %2</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="162"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="163"/>
        <source>I have read and acknowledge</source>
        <translation>我已阅读并确认</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="170"/>
        <source>Your acknowledgement is recorded with the version and its hash.</source>
        <translation>您的确认将连同版本号及其哈希一并记录。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_view.py" line="172"/>
        <source>Scroll to the end of the policy to acknowledge it.</source>
        <translation>请滚动到制度末尾，然后才能确认。</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../ui/policy_window.py" line="103"/>
        <location filename="../../ui/policy_window.py" line="513"/>
        <source>Written policy</source>
        <translation>客户信息管理制度</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="147"/>
        <source>The policy is generated from the vault&apos;s configuration. Add the business&apos;s own rules for each section here; they appear after the generated part in the next published version.</source>
        <translation>制度根据保管库的配置自动生成。可在此为每一章节补充本单位自己的规定；发布下一版本时，这些文字将列在自动生成的内容之后。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="151"/>
        <source>Only an owner edits and publishes the written policy.</source>
        <translation>只有所有者可以编辑和发布客户信息管理制度。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="155"/>
        <source>&amp;Chinese:</source>
        <translation>中文：</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="159"/>
        <source>&amp;English:</source>
        <translation>英文：</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="171"/>
        <source>&amp;Save texts</source>
        <translation>保存文字</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="178"/>
        <source>Your texts</source>
        <translation>本单位补充规定</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="190"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="190"/>
        <source>Published</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="190"/>
        <source>By</source>
        <translation>发布人</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="190"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="190"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="196"/>
        <source>PDF &amp;language:</source>
        <translation>PDF 语言：</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="206"/>
        <source>Save as &amp;PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="210"/>
        <source>Pre&amp;view draft</source>
        <translation>预览草稿</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="215"/>
        <source>P&amp;ublish new version…</source>
        <translation>发布新版本…</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="221"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="234"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="235"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="236"/>
        <source>Latest acknowledged</source>
        <translation>最近确认的版本</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="237"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="238"/>
        <source>Current</source>
        <translation>已确认当前版本</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="243"/>
        <source>Acknowledgements</source>
        <translation>确认情况</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="299"/>
        <source>In force: version %1, published by %2 on %3.</source>
        <translation>现行：第 %1 版，由 %2 于 %3 发布。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="306"/>
        <source>No version has been published yet: nobody is asked to acknowledge anything.</source>
        <translation>尚未发布任何版本：无需任何人确认。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="315"/>
        <source>nothing to acknowledge</source>
        <translation>无需确认</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="317"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="319"/>
        <source>no (account %1)</source>
        <translation>否（账户%1）</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="321"/>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="337"/>
        <source>No version has been published yet.</source>
        <translation>尚未发布任何版本。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="340"/>
        <source>%1 of %2 users have not acknowledged version %3: %4.</source>
        <translation>%2 名用户中有 %1 名尚未确认第 %3 版：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="348"/>
        <source>Every user has acknowledged version %1.</source>
        <translation>所有用户均已确认第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="396"/>
        <source>Saved. The texts take effect when a new version is published.</source>
        <translation>已保存。发布新版本后生效。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="418"/>
        <source>Save the written policy</source>
        <translation>保存客户信息管理制度</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="430"/>
        <source>The policy was saved to %1.</source>
        <translation>制度已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="451"/>
        <source>The draft opens in your PDF viewer (%1).</source>
        <translation>草稿将在 PDF 阅读器中打开（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="478"/>
        <source>Version %1 is published (SHA-256 %2).</source>
        <translation>第 %1 版已发布（SHA-256 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="514"/>
        <source>Save the changes to your texts?</source>
        <translation>是否保存对补充规定的修改？</translation>
    </message>
</context>
<context>
    <name>PolicyFeature</name>
    <message>
        <location filename="../../ui/policy_window.py" line="544"/>
        <source>&amp;Written policy…</source>
        <translation>客户信息管理制度…</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="546"/>
        <source>The customer information policy: your texts, versions, publishing and acknowledgements</source>
        <translation>客户信息管理制度：补充规定、版本、发布和确认情况</translation>
    </message>
</context>
<context>
    <name>PrepareDialog</name>
    <message>
        <location filename="../../ui/fieldpacks.py" line="417"/>
        <location filename="../../ui/fieldpacks.py" line="424"/>
        <source>Prepare a field pack</source>
        <translation>制作外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="427"/>
        <source>The pack holds only what the field user&apos;s role may read: hidden fields stay here, masked values go masked. It opens with their own password and only until it expires.</source>
        <translation>外勤包只包含外勤人员的角色可以查看的内容：隐藏的字段留在办公室，打码的值仍以打码形式带出。它只能用该人员自己的密码打开，到期后不能再打开。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="440"/>
        <source>None: the pack is for collecting new customers</source>
        <translation>不带客户：外勤包只用于登记新客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="442"/>
        <source>With the tag:</source>
        <translation>带有标签：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="446"/>
        <source>Whose address contains:</source>
        <translation>地址包含：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="450"/>
        <source>e.g. 海淀区 or Shanghai</source>
        <translation>例如 海淀区 或 上海</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="454"/>
        <source>The customer selected in the list (none is selected)</source>
        <translation>列表中选中的客户（尚未选中）</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="456"/>
        <source>The customer selected in the list</source>
        <translation>列表中选中的客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="459"/>
        <source>The %1 customers selected in the list</source>
        <translation>列表中选中的 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="474"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="482"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="497"/>
        <source>Prepare</source>
        <translation>制作</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="522"/>
        <source>Field user:</source>
        <translation>外勤人员：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="523"/>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="524"/>
        <source>Expires after:</source>
        <translation>有效期：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="525"/>
        <source>Write to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="543"/>
        <source>until %1</source>
        <translation>至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="555"/>
        <source>Write the field pack to</source>
        <translation>外勤包保存到</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="557"/>
        <source>Field packs (*%1)</source>
        <translation>外勤包 (*%1)</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="583"/>
        <source>Choose the field user the pack is for.</source>
        <translation>请选择外勤包给哪位外勤人员。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="585"/>
        <source>Type the tag whose customers go into the pack.</source>
        <translation>请输入标签，带有此标签的客户会放入外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="587"/>
        <source>Type the place whose customers go into the pack.</source>
        <translation>请输入地点，地址包含此地点的客户会放入外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="589"/>
        <source>Choose where to write the pack.</source>
        <translation>请选择外勤包的保存位置。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="620"/>
        <source>Copying customers: %1 of %2</source>
        <translation>正在复制客户：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="632"/>
        <source>The pack for %1 holds %2 customers and expires on %3. Give it to them with the laptop: it opens with their own password.</source>
        <translation>给 %1 的外勤包含 %2 位客户，%3 到期。请连同笔记本电脑交给对方：用其本人的密码打开。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="640"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="649"/>
        <source>Cancelled: no pack was written.</source>
        <translation>已取消：没有写入外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="661"/>
        <source>Preparing the pack…</source>
        <translation>正在制作外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/fieldpacks.py" line="684"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="180"/>
        <source>Check that the text reads right</source>
        <translation>确认文字显示正确</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="183"/>
        <source>If names show as strange characters, choose another encoding: Chinese Excel and WPS files are usually GB18030/GBK, files from Taiwan or Hong Kong Big5.</source>
        <translation>如果姓名显示为乱码，请换一种编码：中文 Excel 和 WPS 文件通常是 GB18030/GBK，台湾或香港的文件通常是 Big5。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="194"/>
        <source>Comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="195"/>
        <source>Semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="196"/>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="211"/>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="212"/>
        <source>Delimiter:</source>
        <translation>分隔符：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="213"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="214"/>
        <source>Column names in row:</source>
        <translation>列名所在行：</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="254"/>
        <source>Detected: %1</source>
        <translation>自动识别：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="266"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="293"/>
        <source>Reading the file again…</source>
        <translation>正在重新读取文件…</translation>
    </message>
</context>
<context>
    <name>PrintFormDialog</name>
    <message>
        <location filename="../../ui/consent_card.py" line="494"/>
        <source>Print a consent form</source>
        <translation>打印同意书</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="502"/>
        <source>Chinese and English</source>
        <translation>中英双语</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="503"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="504"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="505"/>
        <source>Print the customer&apos;s name and number on it</source>
        <translation>在表格上印出客户姓名和编号</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="508"/>
        <source>Unticked: a blank form, tied by its reference to the notice version only</source>
        <translation>不勾选：打印空白表格，其编号只对应告知书版本</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="512"/>
        <source>Notice:</source>
        <translation>告知书：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="513"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="520"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_card.py" line="521"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="578"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="584"/>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="632"/>
        <source>%1 of %2 customers written</source>
        <translation>已写入 %1 / %2 位客户</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="639"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="656"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消；没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="659"/>
        <source>The export failed; no file was written. %1</source>
        <translation>导出失败；没有写入任何文件。%1</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="661"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../ui/policy_window.py" line="67"/>
        <source>Publish the written policy</source>
        <translation>发布客户信息管理制度</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="71"/>
        <source>Publish version %1? Its text is frozen as it is now. Every user, including other owners, must read and acknowledge it at their next sign-in before they see customers.</source>
        <translation>发布第 %1 版？其内容将按现在的样子固定下来。每位用户（包括其他所有者）下次登录时须阅读并确认，之后才能查看客户。</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="77"/>
        <source>&amp;What changed (optional):</source>
        <translation>本版变更（可选）：</translation>
    </message>
    <message>
        <location filename="../../ui/policy_window.py" line="85"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
</context>
<context>
    <name>PurposePage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="337"/>
        <source>Why, and for whom?</source>
        <translation>用途和接收方</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="340"/>
        <source>Every export has a purpose and a recipient; both are recorded. Only customers whose current consent covers the purpose are included, or, for a partner, those who gave their separate consent to sharing with it, unless another legal basis applies.</source>
        <translation>每次导出都有目的和接收方，两者都会被记录。只包含当前同意该目的的客户；向合作伙伴提供时，只包含单独同意向其提供的客户；适用其他法律依据的除外。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="348"/>
        <source>Choose a purpose…</source>
        <translation>请选择目的…</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="353"/>
        <source>Internal use</source>
        <translation>内部使用</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="363"/>
        <source>Why this legal basis applies (recorded with the export)</source>
        <translation>适用该法律依据的理由（随导出一起记录）</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="365"/>
        <source>Purpose:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="366"/>
        <source>Recipient:</source>
        <translation>接收方：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="367"/>
        <source>Legal basis:</source>
        <translation>法律依据：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="388"/>
        <source>Only customers who gave separate consent to sharing with %1 are included.</source>
        <translation>只包含单独同意向 %1 提供信息的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="394"/>
        <source>Only customers with current consent for %1 are included.</source>
        <translation>只包含当前同意“%1”的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="400"/>
        <source>Everyone chosen is included; the legal basis and your reason are recorded.</source>
        <translation>包含所有选中的客户；法律依据和您的理由会被记录。</translation>
    </message>
</context>
<context>
    <name>RecordConsentDialog</name>
    <message>
        <location filename="../../ui/consent_record.py" line="106"/>
        <source>Record consent — %1</source>
        <translation>记录同意 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="134"/>
        <source>Customer: %1 (No. %2)</source>
        <translation>客户：%1（编号 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="150"/>
        <source>This customer is under 14 until %1: a parent or guardian decides, and every consent is recorded as separate consent.</source>
        <translation>该客户在 %1 之前不满十四周岁：须由父母或其他监护人决定，且每项同意均按单独同意记录。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="171"/>
        <source>Notice:</source>
        <translation>告知书：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="179"/>
        <source>The customer&apos;s decision</source>
        <translation>客户的决定</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="182"/>
        <source>Separate consent (PIPL Art. 29 and 23)</source>
        <translation>单独同意（《个人信息保护法》第二十九条、第二十三条）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="188"/>
        <source>Parent or guardian (PIPL Art. 31)</source>
        <translation>父母或其他监护人（《个人信息保护法》第三十一条）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="195"/>
        <source>e.g. mother, father, legal guardian</source>
        <translation>例如：母亲、父亲、法定监护人</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="196"/>
        <source>The guardian consents to what is ticked above</source>
        <translation>监护人同意上方所选内容</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="199"/>
        <source>Guardian&apos;s name:</source>
        <translation>监护人姓名：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="200"/>
        <source>Relation to the child:</source>
        <translation>与儿童的关系：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="212"/>
        <source>How it was given:</source>
        <translation>取得方式：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="215"/>
        <source>A member of staff other than you</source>
        <translation>除您之外的一名员工</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="216"/>
        <source>Witness:</source>
        <translation>见证人：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="223"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="229"/>
        <source>Ask the customer to sign in the box (mouse, pen or finger).</source>
        <translation>请客户在框内签名（鼠标、手写笔或手指均可）。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="241"/>
        <location filename="../../ui/consent_record.py" line="387"/>
        <source>Attach scan or photo…</source>
        <translation>附加扫描件或照片…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="247"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="255"/>
        <source>Evidence</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="263"/>
        <source>Ask again on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="276"/>
        <source>Re-consent:</source>
        <translation>重新征询：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="280"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="297"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="298"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="305"/>
        <source>There is no notice text yet. An owner writes one under Tools → Notice texts.</source>
        <translation>还没有告知同意书文本。请所有者在“工具 → 告知同意书文本”中撰写。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="321"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="323"/>
        <source>v%1 (current)</source>
        <translation>v%1（当前）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="345"/>
        <source>Not asked</source>
        <translation>未征询</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="346"/>
        <source>Agrees</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="347"/>
        <source>Does not agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="385"/>
        <source>Attach the signed form…</source>
        <translation>附加已签署的表格…</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="393"/>
        <source>Attach a scan or photo</source>
        <translation>附加扫描件或照片</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="395"/>
        <source>Scans and photos (*.png *.jpg *.jpeg *.pdf);;All files (*)</source>
        <translation>扫描件和照片 (*.png *.jpg *.jpeg *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="407"/>
        <source>%1 is %2 MB; a scan or photo may be at most %3 MB. Nothing was attached.</source>
        <translation>%1 大小为 %2 MB；扫描件或照片最大为 %3 MB。未附加任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="420"/>
        <source>%1 is not a PNG or JPEG image or a PDF. Attach a scan or photo of the signed form (at most %2 MB).</source>
        <translation>%1 不是 PNG 或 JPEG 图片，也不是 PDF。请附加已签署表格的扫描件或照片（最大 %2 MB）。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="440"/>
        <source>Required: a scan or photo of the signed form (PNG, JPEG or PDF, at most %1 MB).</source>
        <translation>必填：已签署表格的扫描件或照片（PNG、JPEG 或 PDF，最大 %1 MB）。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="442"/>
        <source>Optional: PNG, JPEG or PDF, at most %1 MB.</source>
        <translation>可选：PNG、JPEG 或 PDF，最大 %1 MB。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="448"/>
        <source>%1 (%2 KB)</source>
        <translation>%1（%2 KB）</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="519"/>
        <source>Guardian&apos;s name</source>
        <translation>监护人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="520"/>
        <source>Relation to the child</source>
        <translation>与儿童的关系</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="521"/>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="522"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="523"/>
        <source>Re-consent date</source>
        <translation>重新征询日期</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="540"/>
        <source>Nothing was recorded. %1</source>
        <translation>未记录任何内容。%1</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="571"/>
        <source>Discard this consent?</source>
        <translation>放弃此次同意记录？</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="572"/>
        <source>The decisions and the signature entered here were not recorded. Discard them?</source>
        <translation>此处填写的决定和签名尚未记录。要放弃吗？</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeFeature</name>
    <message>
        <location filename="../../ui/recovery_code.py" line="317"/>
        <source>Replace &amp;recovery code…</source>
        <translation>更换恢复码…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="319"/>
        <source>Make a new recovery code and emergency kit; the old ones stop working.</source>
        <translation>生成新的恢复码和应急恢复包；旧的将失效。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="346"/>
        <source>The new recovery code is in force; the old code and emergency kit open nothing.</source>
        <translation>新的恢复码已生效；旧恢复码和旧应急恢复包已无法打开保管库。</translation>
    </message>
</context>
<context>
    <name>RecoveryCodePanel</name>
    <message>
        <location filename="../../ui/recovery_code.py" line="74"/>
        <source>Write it down, or save the emergency kit and print it. Keep it locked away, apart from this computer: anyone with this code and a copy of the vault can read every customer record.</source>
        <translation>请将其抄写下来，或保存应急恢复包并打印。请将其锁好，并与这台电脑分开存放：任何人只要拥有此恢复码和保管库副本，就能读取所有客户记录。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="80"/>
        <source>Save emergency kit (PDF)…</source>
        <translation>保存应急恢复包 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="84"/>
        <source>I have stored the recovery code in a safe place</source>
        <translation>我已将恢复码存放在安全的地方</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="117"/>
        <source>Custos emergency kit.pdf</source>
        <translation>Custos 应急恢复包.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="119"/>
        <source>Save the emergency kit</source>
        <translation>保存应急恢复包</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="119"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="141"/>
        <source>Saving the emergency kit…</source>
        <translation>正在保存应急恢复包…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="147"/>
        <source>Saved to %1. Print it, keep it locked away, then delete the file.</source>
        <translation>已保存到 %1。请打印并锁好保管，然后删除该文件。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="155"/>
        <source>The emergency kit was not saved. %1</source>
        <translation>应急恢复包未保存。%1</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="538"/>
        <source>Reset a password – Custos</source>
        <translation>重置密码 – Custos</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="539"/>
        <source>Reset a password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="542"/>
        <source>Enter the recovery code from the emergency kit, choose whose password to reset and set a new one. Other users&apos; passwords stay as they are.</source>
        <translation>请输入应急恢复包中的恢复码，选择要重置密码的用户，然后设置新密码。其他用户的密码保持不变。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="561"/>
        <source>Reset and sign in</source>
        <translation>重置并登录</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="567"/>
        <source>Recovery code:</source>
        <translation>恢复码：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="568"/>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="569"/>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="571"/>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="612"/>
        <source>Enter the recovery code from the emergency kit.</source>
        <translation>请输入应急恢复包中的恢复码。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="614"/>
        <source>Choose whose password to reset.</source>
        <translation>请选择要重置密码的用户。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="616"/>
        <source>The new password needs at least %1 characters.</source>
        <translation>新密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="621"/>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="655"/>
        <source>That recovery code is not right for this vault. Check it against the emergency kit.</source>
        <translation>该恢复码与此保管库不匹配。请对照应急恢复包核对。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="681"/>
        <source>Resetting the password…</source>
        <translation>正在重置密码…</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="401"/>
        <source>Your recovery code</source>
        <translation>您的恢复码</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="404"/>
        <source>If every password is forgotten, this code is the only way back into the vault. It is shown only this once.</source>
        <translation>如果所有密码都已遗忘，此恢复码是重新进入保管库的唯一途径。它只显示这一次。</translation>
    </message>
</context>
<context>
    <name>ReplaceRecoveryCodeDialog</name>
    <message>
        <location filename="../../ui/recovery_code.py" line="173"/>
        <location filename="../../ui/recovery_code.py" line="179"/>
        <source>Replace the recovery code</source>
        <translation>更换恢复码</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="182"/>
        <source>Make a new recovery code if the old one, or its emergency kit, may have been seen by someone else. The old code keeps working until you have stored the new one and pressed Done; after that the old code and kit open nothing.</source>
        <translation>如果旧恢复码或其应急恢复包可能已被他人看到，请生成新的恢复码。在您保存好新恢复码并点击“完成”之前，旧恢复码仍然有效；之后旧恢复码和旧应急恢复包将无法打开保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="195"/>
        <source>Make a new code</source>
        <translation>生成新恢复码</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="242"/>
        <source>Making a new recovery code…</source>
        <translation>正在生成新的恢复码…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="254"/>
        <source>This is the new recovery code. It is shown only this once: write it down or save the new emergency kit, then press Done. Until then the old code still works.</source>
        <translation>这是新的恢复码，只显示这一次：请抄写下来或保存新的应急恢复包，然后点击“完成”。在此之前，旧恢复码仍然有效。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="262"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="268"/>
        <source>Putting the new recovery code in force…</source>
        <translation>正在启用新的恢复码…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="294"/>
        <source>Close without the new code?</source>
        <translation>不保存新恢复码就关闭？</translation>
    </message>
    <message>
        <location filename="../../ui/recovery_code.py" line="296"/>
        <source>The old recovery code and its emergency kit stay in force. The code shown here is not confirmed; make a new one when you are ready to store it.</source>
        <translation>旧恢复码及其应急恢复包继续有效。此处显示的恢复码尚未确认；准备好保存时请重新生成。</translation>
    </message>
</context>
<context>
    <name>RequestEvents</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="81"/>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="82"/>
        <source>Register entry changed: %1</source>
        <translation>登记信息已修改：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="85"/>
        <source>Asked for proof of identity (the clock stops)</source>
        <translation>已要求提供身份证明（暂停计时）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="89"/>
        <source>Identity verified: %1</source>
        <translation>身份已核实：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="91"/>
        <source>Identity check failed: %1</source>
        <translation>身份核实未通过：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="93"/>
        <source>Deadline extended</source>
        <translation>期限已延长</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="94"/>
        <source>Action: %1</source>
        <translation>处理措施：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="97"/>
        <source>Corrected on the card: %1</source>
        <translation>已在客户卡片上更正：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="98"/>
        <source>nothing changed</source>
        <translation>未作修改</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="100"/>
        <source>Consent withdrawn: %1</source>
        <translation>已撤回同意：%1</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="103"/>
        <source>Copy of their data made (%1)</source>
        <translation>已制作其个人信息副本（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="106"/>
        <source>Reply letter written (%1)</source>
        <translation>已生成答复函（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="109"/>
        <source>Processing restricted</source>
        <translation>已限制处理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="110"/>
        <source>Restriction lifted</source>
        <translation>已解除限制</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="111"/>
        <source>Customer erased</source>
        <translation>客户已彻底删除</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="112"/>
        <source>Closed: %1</source>
        <translation>已办结：%1</translation>
    </message>
</context>
<context>
    <name>RequestsDialog</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="53"/>
        <source>Know and copy</source>
        <translation>查阅、复制</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="54"/>
        <source>Correct or complete</source>
        <translation>更正、补充</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="55"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="56"/>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="57"/>
        <source>Restrict or object</source>
        <translation>限制、拒绝处理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="58"/>
        <source>Transfer a copy</source>
        <translation>转移副本</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="59"/>
        <source>Explain the rules</source>
        <translation>解释处理规则</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="66"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="67"/>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="68"/>
        <source>Waiting for identity</source>
        <translation>等待核验身份</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="69"/>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="70"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="122"/>
        <source>Partly done</source>
        <translation>部分办理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="123"/>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="163"/>
        <source>(erased)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="168"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="177"/>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="178"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="179"/>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="180"/>
        <source>Requester</source>
        <translation>请求人</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="181"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="182"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="183"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="408"/>
        <source>Customers&apos; requests</source>
        <translation>客户请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="421"/>
        <source>Open requests</source>
        <translation>未结请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="422"/>
        <source>All requests</source>
        <translation>全部请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="428"/>
        <source>Deadlines…</source>
        <translation>答复期限…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="433"/>
        <source>New request…</source>
        <translation>新建请求…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="450"/>
        <source>Select a request to see what was done.</source>
        <translation>选择一项请求，查看已采取的处理措施。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="458"/>
        <source>* Beyond the official holiday calendar this version knows: Monday to Friday are counted.</source>
        <translation>* 超出本版本所知的官方节假日安排：按周一至周五计算。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="466"/>
        <source>Identity verified</source>
        <translation>身份已核验</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="469"/>
        <source>Close request…</source>
        <translation>结案…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="476"/>
        <source>Write reply PDF…</source>
        <translation>生成答复函 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="479"/>
        <source>Copy of their data…</source>
        <translation>生成信息副本…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="482"/>
        <source>Erase the customer…</source>
        <translation>彻底删除客户…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="121"/>
        <location filename="../../ui/requests_dialog.py" line="507"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="486"/>
        <source>Restrict processing</source>
        <translation>限制处理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="490"/>
        <source>Leave the customer out of exports, marketing lists and imports until the restriction is lifted</source>
        <translation>在解除限制之前，导出、营销名单和导入均不处理该客户</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="610"/>
        <source>The customer number is a whole number.</source>
        <translation>客户编号应为整数。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="621"/>
        <source>Registered %1.</source>
        <translation>已登记 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="637"/>
        <source>Checked by %1</source>
        <translation>由 %1 核验</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="640"/>
        <source>Identity of %1 recorded as verified.</source>
        <translation>已记录 %1 的身份核验通过。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="651"/>
        <source>Processing of customer %1 is restricted until the restriction is lifted.</source>
        <translation>已限制处理客户 %1 的个人信息，直至解除限制。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="660"/>
        <source>Deadline rules saved.</source>
        <translation>答复期限规则已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="685"/>
        <source>Closed %1.</source>
        <translation>%1 已结案。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="708"/>
        <source>Save the copy</source>
        <translation>保存信息副本</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="718"/>
        <source>The copy was saved to %1.</source>
        <translation>信息副本已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="738"/>
        <source>Erase the customer</source>
        <translation>彻底删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="740"/>
        <source>Erase customer %1 for good? Their record, consent records and evidence are removed and cannot be brought back; fields under a legal hold are kept until the hold ends.</source>
        <translation>要彻底删除客户 %1 吗？其档案、同意记录和凭证将被删除且无法恢复；依法保留的字段将保留至保留期满。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="752"/>
        <source>Customer %1 was erased for good.</source>
        <translation>客户 %1 已被彻底删除。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="766"/>
        <source>Save the reply</source>
        <translation>保存答复函</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="781"/>
        <source>The reply was saved to %1.</source>
        <translation>答复函已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>RequestsFeature</name>
    <message>
        <location filename="../../ui/requests_dialog.py" line="808"/>
        <source>Customers&apos; &amp;requests…</source>
        <translation>客户请求…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_dialog.py" line="809"/>
        <source>Requests to see, copy, correct or delete personal data</source>
        <translation>查阅、复制、更正或删除个人信息的请求</translation>
    </message>
</context>
<context>
    <name>RequestsSection</name>
    <message>
        <location filename="../../ui/requests_card.py" line="256"/>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="259"/>
        <source>New request…</source>
        <translation>新建请求…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="260"/>
        <source>Open in the requests window</source>
        <translation>在请求窗口中打开</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="261"/>
        <source>Correct on the card…</source>
        <translation>在卡片上更正…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="263"/>
        <source>Open the details in correction mode: saving records the change on this request</source>
        <translation>以更正模式打开详细资料：保存时将修改记录在该请求上</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="265"/>
        <source>Restrict processing</source>
        <translation>限制处理</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="266"/>
        <source>Lift restriction…</source>
        <translation>解除限制…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="267"/>
        <source>Add hold…</source>
        <translation>添加保留…</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="268"/>
        <source>Release hold</source>
        <translation>解除保留</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="269"/>
        <source>Legal holds: fields kept after an erasure</source>
        <translation>依法保留：彻底删除后仍保留的字段</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="272"/>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="273"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="274"/>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="275"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="276"/>
        <location filename="../../ui/requests_card.py" line="280"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="280"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="280"/>
        <source>Until</source>
        <translation>保留至</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="280"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="329"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="347"/>
        <source>Released</source>
        <translation>已解除</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="349"/>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="351"/>
        <source>Ended</source>
        <translation>已到期</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="356"/>
        <source>Processing restricted since %1 (request %2).</source>
        <translation>自 %1 起限制处理（请求 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="362"/>
        <source>Processing is not restricted.</source>
        <translation>未限制处理。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="435"/>
        <source>Registered %1.</source>
        <translation>已登记 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="482"/>
        <source>Processing restricted for %1.</source>
        <translation>已按请求 %1 限制处理。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="504"/>
        <source>The restriction is lifted.</source>
        <translation>限制已解除。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="532"/>
        <source>The hold is recorded.</source>
        <translation>保留已登记。</translation>
    </message>
    <message>
        <location filename="../../ui/requests_card.py" line="543"/>
        <source>The hold is released.</source>
        <translation>保留已解除。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="120"/>
        <location filename="../../ui/users_dialog.py" line="136"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="125"/>
        <source>A new password for %1. They will be asked to choose their own at the next sign-in.</source>
        <translation>为 %1 设置新密码。对方下次登录时需设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="131"/>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="132"/>
        <source>Password again:</source>
        <translation>确认密码：</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/backup.py" line="299"/>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="301"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="310"/>
        <source>Choose a backup file (.custos-backup). It is checked before anything else.</source>
        <translation>选择一个备份文件（.custos-backup）。在做任何其他操作之前会先检查它。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="318"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="339"/>
        <source>A user&apos;s password at the time of the backup</source>
        <translation>备份时某位用户的密码</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="342"/>
        <source>The recovery code of that time (emergency kit)</source>
        <translation>当时的恢复码（应急包）</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="353"/>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="354"/>
        <source>Password then:</source>
        <translation>当时的密码：</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="368"/>
        <source>Restore into a new folder (the current vault stays as it is)</source>
        <translation>恢复到新文件夹（当前保管库保持不变）</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="374"/>
        <source>Replace the current vault (it is kept beside it as a dated copy)</source>
        <translation>替换当前保管库（当前保管库将作为带日期的副本保留在旁边）</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="378"/>
        <source>Folder for the restored vault</source>
        <translation>恢复后保管库所在的文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="400"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="402"/>
        <location filename="../../ui/backup.py" line="564"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="405"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="423"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="424"/>
        <source>Sign in and verify</source>
        <translation>登录并验证</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="425"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="437"/>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="437"/>
        <source>Custos backups (*.custos-backup)</source>
        <translation>Custos 备份 (*.custos-backup)</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="525"/>
        <source>This backup</source>
        <translation>此备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="530"/>
        <source>Current vault</source>
        <translation>当前保管库</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="541"/>
        <source>Verified: every page, the signature, the key slots and the audit log.</source>
        <translation>已验证：每一页、签名、密钥槽和审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="542"/>
        <source>The file is whole; its full check runs after you sign in to it.</source>
        <translation>文件完整；登录备份后会进行完整检查。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="543"/>
        <source>This is a backup of another vault: restore it into a new folder.</source>
        <translation>这是另一个保管库的备份：请将其恢复到新文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="559"/>
        <source>Sign in to the backup as the vault was on %1. Use the password the user had THEN — if it was changed since, today&apos;s password will not work — or the recovery code printed on the emergency kit of that time.</source>
        <translation>请按保管库在 %1 时的状态登录备份。请使用该用户“当时”的密码——如果之后改过密码，现在的密码将无法使用——或使用当时应急包上印的恢复码。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="614"/>
        <source>Signed in with %1. Verified: %2 pages, %3 audit entries, %4 customers.</source>
        <translation>已使用%1登录。已验证：%2 页，%3 条审计记录，%4 位客户。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="664"/>
        <source>Replace the vault?</source>
        <translation>替换保管库？</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="666"/>
        <source>The current vault is closed and replaced by the backup of %1. It is kept as a dated copy beside it. Everything done since the backup is only in that copy.</source>
        <translation>当前保管库将被关闭，并由 %1 的备份替换。当前保管库会作为带日期的副本保留在旁边。备份之后所做的一切只保存在该副本中。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="675"/>
        <source>Restored to %1: %2 customers.</source>
        <translation>已恢复到 %1：%2 位客户。</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="681"/>
        <source>The vault it replaced is kept at %1. Sign in again: the restored vault has the users and passwords of the backup&apos;s time.</source>
        <translation>被替换的保管库保存在 %1。请重新登录：恢复后的保管库使用的是备份当时的用户和密码。</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <location filename="../../ui/retention_dialog.py" line="63"/>
        <source>last activity</source>
        <translation>最后一次活动</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="64"/>
        <source>consent withdrawn</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="70"/>
        <source>erase the customer</source>
        <translation>彻底删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="71"/>
        <source>anonymise the fields</source>
        <translation>匿名化这些字段</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="77"/>
        <source>Purpose: %1</source>
        <translation>用途：%1</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="81"/>
        <source>Field: %1</source>
        <translation>字段：%1</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="181"/>
        <source>Retention</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="192"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="193"/>
        <source>Review and apply</source>
        <translation>审查与执行</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="197"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="223"/>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="224"/>
        <source>Kept for</source>
        <translation>保存时长</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="225"/>
        <source>Counted from</source>
        <translation>起算</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="226"/>
        <source>Then</source>
        <translation>到期后</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="227"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="235"/>
        <source>Add rule…</source>
        <translation>添加规则…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="238"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="241"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="252"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="253"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="258"/>
        <source>Deleted customers are erased for good after</source>
        <translation>已删除的客户在以下天数后彻底删除：</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="264"/>
        <source>Until then a deleted customer can still be brought back by the owner; the review lists those whose grace period has passed.</source>
        <translation>在此之前，所有者仍可恢复已删除的客户；审查会列出宽限期已过的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="280"/>
        <source>Review now (dry run)</source>
        <translation>立即审查（试运行）</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="282"/>
        <source>Work out who is due today; nothing changes</source>
        <translation>计算今天到期的客户；不作任何修改</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="292"/>
        <source>Who is due, and why</source>
        <translation>到期的客户及原因</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="292"/>
        <source>What will happen</source>
        <translation>将执行的操作</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="296"/>
        <source>Approve and apply…</source>
        <translation>批准并执行…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="302"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="365"/>
        <location filename="../../ui/retention_dialog.py" line="383"/>
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="376"/>
        <source>Deleted, and the %n-day grace period has passed</source>
        <translation>
            <numerusform>已删除，且 %n 天宽限期已过</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="379"/>
        <source>Rule %1 (removed since the review)</source>
        <translation>规则 %1（审查后已移除）</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="381"/>
        <source>%1: %2 after %3</source>
        <translation>%1：%3后 %2</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="389"/>
        <source>Erase for good</source>
        <translation>彻底删除</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="391"/>
        <source>Clear %1</source>
        <translation>清除%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="399"/>
        <source>%1 — %n customer(s)</source>
        <translation>
            <numerusform>%1 — %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="405"/>
        <source>No. %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="410"/>
        <source>deleted %1 by %2</source>
        <translation>%2 于 %1 删除</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="415"/>
        <source>last activity %1</source>
        <translation>最后活动 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="420"/>
        <source>%n no longer in the vault (erased)</source>
        <translation>
            <numerusform>%n 位已不在保管库中（已彻底删除）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="423"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 位</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="427"/>
        <source>Applied %1.</source>
        <translation>已于 %1 执行。</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="429"/>
        <source>Nothing has changed yet: approve to apply it.</source>
        <translation>尚未作任何修改：批准后执行。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="431"/>
        <source>Review no. %1 of %2 by %3: %n customer(s) due.</source>
        <translation>
            <numerusform>第 %1 次审查（%2，%3）：%n 位客户到期。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="483"/>
        <source>Rule saved. Run a new review to see who it makes due.</source>
        <translation>规则已保存。请重新审查，查看哪些客户因此到期。</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="494"/>
        <source>Rule removed.</source>
        <translation>规则已移除。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/retention_dialog.py" line="501"/>
        <source>Deleted customers are now erased %n day(s) after deletion.</source>
        <translation>
            <numerusform>已删除的客户现在将在删除 %n 天后彻底删除。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="546"/>
        <source>Apply the review</source>
        <translation>执行审查结果</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="548"/>
        <source>Apply review no. %1? Customers still due are erased for good or have the fields shown cleared; this cannot be undone. Anyone active again since the review is left alone.</source>
        <translation>执行第 %1 次审查？仍然到期的客户将被彻底删除，或清除所示字段，且无法撤销。审查后再次有活动的客户不受影响。</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="572"/>
        <source>Applying…</source>
        <translation>正在执行…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="595"/>
        <source>Cancelling: everything done so far is rolled back…</source>
        <translation>正在取消：已完成的操作将全部回滚…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="608"/>
        <source>Done. Erased: %1. Anonymised: %2. Left alone (no longer due): %3. Held values whose hold ended, deleted: %4.</source>
        <translation>完成。彻底删除：%1。匿名化：%2。未处理（已不再到期）：%3。保留期已满而删除的保留值：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="622"/>
        <source>Cancelled: nothing was erased or anonymised.</source>
        <translation>已取消：没有删除或匿名化任何信息。</translation>
    </message>
</context>
<context>
    <name>RetentionFeature</name>
    <message>
        <location filename="../../ui/retention_dialog.py" line="641"/>
        <source>Re&amp;tention…</source>
        <translation>保存期限…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="643"/>
        <source>Retention rules, the review of who is due, and applying it after approval</source>
        <translation>保存期限规则、到期审查，以及批准后执行</translation>
    </message>
</context>
<context>
    <name>RevealDialog</name>
    <message>
        <location filename="../../ui/editor.py" line="127"/>
        <source>Reveal %1</source>
        <translation>查看完整%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="130"/>
        <source>Your role sees %1 masked. To see the full value, say why you need it. The reveal and your reason are recorded in the audit log.</source>
        <translation>您的角色只能看到%1的脱敏内容。如需查看完整值，请说明原因。本次查看及原因将记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="138"/>
        <source>e.g. Delivery address for order 1042</source>
        <translation>例如：订单 1042 的配送地址</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="142"/>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="147"/>
        <source>Reveal</source>
        <translation>查看</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <location filename="../../ui/roles_dialog.py" line="120"/>
        <source>Roles and access</source>
        <translation>角色与权限</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="138"/>
        <source>What each role sees of every customer field, and what it may do. A level in bold was changed from the default that follows from the field&apos;s classification.</source>
        <translation>每个角色对各客户字段的访问级别，以及该角色可执行的操作。粗体表示该级别已被修改，不同于按字段分类得出的默认值。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="152"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="153"/>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="157"/>
        <source>Hidden: never shown. Masked: shown in part (138****5678); not searchable or sortable. Read only: shown in full. Read and edit: shown and changed.</source>
        <translation>隐藏：从不显示。脱敏：仅显示部分内容（138****5678），不可搜索或排序。只读：完整显示。可编辑：可查看和修改。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="165"/>
        <source>Add role…</source>
        <translation>添加角色…</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="168"/>
        <source>Restore defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="172"/>
        <source>Every field level goes back to the default from its classification, and every permission to the role&apos;s starting set.</source>
        <translation>所有字段级别恢复为按字段分类得出的默认值，所有权限恢复为该角色的初始设置。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="277"/>
        <source>The owner always sees and edits every field.</source>
        <translation>所有者始终可以查看和编辑所有字段。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="279"/>
        <source>Your own role: another owner changes it.</source>
        <translation>这是您自己的角色，需由其他所有者更改。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="282"/>
        <source>Custom role, based on %1</source>
        <translation>自定义角色，基于%1</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="301"/>
        <source>Default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="472"/>
        <source>Saved. The changes apply to each person from their next action.</source>
        <translation>已保存。更改将在每位用户的下一次操作时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="493"/>
        <source>The role %1 was added.</source>
        <translation>已添加角色 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="503"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../ui/roles_dialog.py" line="504"/>
        <source>The changed levels and permissions are not saved yet. Discard the changes?</source>
        <translation>更改的访问级别和权限尚未保存。要放弃这些更改吗？</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <location filename="../../ui/retention_dialog.py" line="92"/>
        <source>Edit retention rule</source>
        <translation>编辑保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="92"/>
        <source>New retention rule</source>
        <translation>新建保存期限规则</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="100"/>
        <source>A purpose</source>
        <translation>某一用途</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="101"/>
        <source>One field</source>
        <translation>某一字段</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="111"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="118"/>
        <source>Anonymise the fields</source>
        <translation>匿名化这些字段</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="119"/>
        <source>Erase the customer</source>
        <translation>彻底删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="122"/>
        <source>e.g. Marketing data: two years after the last contact</source>
        <translation>例如：营销信息在最后一次联系两年后处理</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="123"/>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="125"/>
        <source>Kept for</source>
        <translation>保存时长</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="126"/>
        <source>Counted from</source>
        <translation>起算</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="127"/>
        <source>Then</source>
        <translation>到期后</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="128"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/retention_dialog.py" line="131"/>
        <source>For a purpose, anonymising clears the fields used only for that purpose; fields other purposes still need are kept. Fields under a legal hold are never cleared.</source>
        <translation>按用途匿名化时，只清除仅用于该用途的字段；其他用途仍需要的字段会保留。依法保留的字段不会被清除。</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="286"/>
        <source>Alert rules</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="291"/>
        <source>An alert is raised when a count is more than its limit. Switch a rule off to stop it; alerts already raised are kept.</source>
        <translation>计数超过上限时发出告警。关闭某条规则即停止该规则；已发出的告警会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/alerts_dialog.py" line="309"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../ui/settings.py" line="31"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="34"/>
        <source>Lock after idle minutes</source>
        <translation>空闲多少分钟后锁定</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="37"/>
        <source>Default vault folder</source>
        <translation>默认保管库文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="40"/>
        <source>Table density</source>
        <translation>表格密度</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="42"/>
        <source>Last signed-in user</source>
        <translation>上次登录的用户</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43"/>
        <source>Settings – Custos</source>
        <translation>设置 – Custos</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="45"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="52"/>
        <source>A new language applies to the windows at once.</source>
        <translation>更改语言后，所有窗口将立即生效。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="56"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58"/>
        <source>Custos locks the vault when nobody has used it for this long.</source>
        <translation>无人使用达到此时长后，Custos 将自动锁定保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="66"/>
        <source>The vault Custos opens when it starts.</source>
        <translation>Custos 启动时打开的保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="69"/>
        <source>Comfortable</source>
        <translation>宽松</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="115"/>
        <source>Choose the default vault folder</source>
        <translation>选择默认保管库文件夹</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="451"/>
        <source>Close set-up?</source>
        <translation>关闭设置向导？</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="452"/>
        <source>The recovery code will not be shown again.</source>
        <translation>恢复码将不会再次显示。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="454"/>
        <source>Your vault has been created at %1 and you can sign in to it with your password. Without the recovery code, a forgotten password cannot be reset and the data cannot be recovered.</source>
        <translation>您的保管库已创建于 %1，可以用您的密码登录。没有恢复码，忘记密码后将无法重置，数据也无法恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="462"/>
        <source>Close without the code</source>
        <translation>不保存恢复码并关闭</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="466"/>
        <source>Back to the code</source>
        <translation>返回恢复码</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="499"/>
        <source>Set up Custos</source>
        <translation>Custos 初始设置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="565"/>
        <source>The vault could not be created. %1</source>
        <translation>无法创建保管库。%1</translation>
    </message>
</context>
<context>
    <name>SharedWithSection</name>
    <message>
        <location filename="../../ui/partners_dialog.py" line="625"/>
        <source>Shared with</source>
        <translation>数据去向</translation>
    </message>
</context>
<context>
    <name>SharedWithWidget</name>
    <message>
        <location filename="../../ui/partners_dialog.py" line="536"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="536"/>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="536"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="536"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="536"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="559"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="584"/>
        <source>This customer&apos;s data has not been exported.</source>
        <translation>此客户的数据从未被导出。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/partners_dialog.py" line="587"/>
        <source>In %n export(s)</source>
        <translation>
            <numerusform>出现在 %n 次导出中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/partners_dialog.py" line="588"/>
        <source>, shared with %n partner(s).</source>
        <translation>
            <numerusform>，提供给 %n 个合作伙伴。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/partners_dialog.py" line="593"/>
        <source>Internal use</source>
        <translation>内部使用</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/help.py" line="116"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="119"/>
        <source>Move from the search box into the results</source>
        <translation>从搜索框移到结果列表</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="119"/>
        <source>Down</source>
        <translation>向下键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="120"/>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="120"/>
        <location filename="../../ui/help.py" line="123"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="121"/>
        <source>Open a customer from the list</source>
        <translation>从列表打开客户</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="121"/>
        <source>Double-click</source>
        <translation>双击</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="122"/>
        <source>In a dialog: do the main action</source>
        <translation>在对话框中：执行主要操作</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="122"/>
        <source>Enter</source>
        <translation>回车键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="123"/>
        <source>In a dialog: cancel</source>
        <translation>在对话框中：取消</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="127"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="127"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="74"/>
        <source>This field pack for %1 expired on %2.</source>
        <translation>这个给 %1 的外勤包已于 %2 到期。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="78"/>
        <source>It no longer opens on this laptop: bring it back to the office, where it is merged into the vault (Tools → Field packs… → Merge a pack…). Nothing in it is lost.</source>
        <translation>它在这台笔记本电脑上不能再打开：请带回办公室，在那里合并到数据库（工具 → 外勤包… → 合并外勤包…）。其中的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="139"/>
        <location filename="../../ui/signin.py" line="276"/>
        <source>Sign in – Custos</source>
        <translation>登录 – Custos</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="141"/>
        <location filename="../../ui/signin.py" line="173"/>
        <location filename="../../ui/signin.py" line="275"/>
        <location filename="../../ui/signin.py" line="500"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="145"/>
        <source>Open another vault…</source>
        <translation>打开其他保管库…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="147"/>
        <source>Open a field pack…</source>
        <translation>打开外勤包…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="157"/>
        <source>Sign in automatically on this PC</source>
        <translation>在此电脑上自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="164"/>
        <source>Forgot password?</source>
        <translation>忘记密码？</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="167"/>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="179"/>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="180"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="234"/>
        <source>A field pack always asks for the password.</source>
        <translation>外勤包每次都要输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="241"/>
        <source>Custos keeps a key in this PC&apos;s secure keyring and will not ask for your password here again.</source>
        <translation>Custos 会在此电脑的系统安全凭据存储中保存一个密钥，以后在这台电脑上将不再要求您输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="251"/>
        <source>Not available: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="264"/>
        <source>Sign in to a field pack</source>
        <translation>登录外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="265"/>
        <source>Field pack – Custos</source>
        <translation>外勤包 – Custos</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="266"/>
        <source>Field pack: %1</source>
        <translation>外勤包：%1</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="268"/>
        <source>expires %1</source>
        <translation>%1 到期</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="277"/>
        <source>Vault: %1</source>
        <translation>保管库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="321"/>
        <source>Signing in automatically…</source>
        <translation>正在自动登录…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="340"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="344"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="366"/>
        <location filename="../../ui/signin.py" line="500"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="383"/>
        <source>Automatic sign-in</source>
        <translation>自动登录</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="384"/>
        <source>You are signed in, but automatic sign-in could not be turned on.</source>
        <translation>您已登录，但无法开启自动登录。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="433"/>
        <source>Open a field pack</source>
        <translation>打开外勤包</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="435"/>
        <source>Field packs (*%1)</source>
        <translation>外勤包 (*%1)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="443"/>
        <source>%1 is not a Custos field pack.</source>
        <translation>%1 不是 Custos 外勤包。</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="450"/>
        <source>Open another vault</source>
        <translation>打开其他保管库</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="514"/>
        <source>Still signing in… The first sign-in after an update brings the vault up to date (once); with many customers this can take a minute. Please wait.</source>
        <translation>仍在登录…… 更新后的首次登录会升级保管库（仅此一次）；客户较多时可能需要一分钟左右，请稍候。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/signature_pad.py" line="49"/>
        <source>Sign with the mouse, a pen or a finger. Delete clears the pad.</source>
        <translation>可用鼠标、手写笔或手指签名。按 Delete 键清除。</translation>
    </message>
    <message>
        <location filename="../../ui/signature_pad.py" line="195"/>
        <source>Sign here</source>
        <translation>请在此签名</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/export_wizard.py" line="679"/>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="688"/>
        <source>Passphrase — shown only now, stored nowhere:</source>
        <translation>口令——只在此显示一次，任何地方都不保存：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="693"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="702"/>
        <source>Give it to the recipient another way (by phone, or in person), never with the file. Without it the file cannot be opened, and Custos cannot show it again.</source>
        <translation>请通过其他方式（电话或当面）告诉接收方，切勿与文件一起发送。没有口令无法打开文件，Custos 也无法再次显示它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/export_wizard.py" line="721"/>
        <source>%n customer(s) written to %1</source>
        <translation>
            <numerusform>已将 %n 位客户写入 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="722"/>
        <source>Purpose: %1 · Recipient: %2</source>
        <translation>目的：%1 · 接收方：%2</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="724"/>
        <source>internal use</source>
        <translation>内部使用</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="725"/>
        <source>Recorded as export %1; SHA-256 %2</source>
        <translation>已记录为导出 %1；SHA-256 %2</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="736"/>
        <source>Left out:</source>
        <translation>未包含：</translation>
    </message>
    <message>
        <location filename="../../ui/export_wizard.py" line="738"/>
        <source>Nobody chosen was left out.</source>
        <translation>选中的客户全部包含在内。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="737"/>
        <location filename="../../ui/import_wizard.py" line="764"/>
        <source>Imported</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="742"/>
        <source>Undo this import…</source>
        <translation>撤销本次导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="760"/>
        <source>Nothing imported</source>
        <translation>未导入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="761"/>
        <source>No row was new and none changed a customer.</source>
        <translation>没有新行，也没有行修改了客户。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="766"/>
        <source>%1 customers added, %2 updated, %3 duplicates skipped, %4 invalid rows left out.</source>
        <translation>新增 %1 位客户，更新 %2 位，跳过 %3 个重复，%4 行无效未导入。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="775"/>
        <source>%1 customers matched were not updated: they asked to restrict the processing of their data.</source>
        <translation>%1 位匹配的客户未被更新：他们已要求限制处理其个人信息。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="781"/>
        <source>%1 consent decisions recorded (channel: imported).</source>
        <translation>已记录 %1 条同意决定（渠道：导入）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="788"/>
        <source>Consent not recorded for %1 customers under 14: a guardian must decide.</source>
        <translation>%1 位未满 14 周岁的客户未记录同意：须由监护人决定。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="792"/>
        <source>%1 rows in %2 s (%3 rows/s).</source>
        <translation>%1 行，用时 %2 秒（每秒 %3 行）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="798"/>
        <source>This is import no. %1. You can undo it here or later from File → Imports….</source>
        <translation>这是第 %1 次导入。可以在这里撤销，也可以以后在“文件 → 导入记录…”中撤销。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="202"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="213"/>
        <source>Everyone who can unlock this vault. A role decides which customer fields a person sees; change what a role sees in Tools → Roles and access.</source>
        <translation>所有可以解锁此保管库的用户。角色决定每个人能看到哪些客户字段；如需更改角色的可见范围，请前往“工具 → 角色与权限”。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="226"/>
        <source>Name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="226"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="226"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="226"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="226"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="243"/>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="246"/>
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="249"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="252"/>
        <location filename="../../ui/users_dialog.py" line="360"/>
        <source>Disable</source>
        <translation>禁用</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="255"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="258"/>
        <source>Rotate data key…</source>
        <translation>轮换数据密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="262"/>
        <source>Re-encrypt the vault under a new key, so old copies of the file and of removed users&apos; key slots open nothing.</source>
        <translation>用新密钥重新加密保管库，使该文件的旧副本和已移除用户的密钥槽都无法再打开任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="312"/>
        <source>Must change at next sign-in</source>
        <translation>下次登录时须修改</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="314"/>
        <source>Set by the user</source>
        <translation>由用户本人设置</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="358"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="424"/>
        <source>%1 was added as %2. They must choose their own password at their first sign-in.</source>
        <translation>已添加 %1，角色为%2。对方首次登录时须设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="446"/>
        <source>The password of %1 was reset.</source>
        <translation>已重置 %1 的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="464"/>
        <source>%1 now has the role %2.</source>
        <translation>%1 的角色已更改为%2。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="475"/>
        <source>%1 is disabled and can no longer sign in.</source>
        <translation>%1 已被禁用，无法再登录。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="480"/>
        <source>%1 can sign in again.</source>
        <translation>%1 已可以重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="490"/>
        <source>Remove user</source>
        <translation>移除用户</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="492"/>
        <source>Remove %1? They can no longer sign in, and their key slot is deleted. Their changes stay in the audit log.</source>
        <translation>要移除 %1 吗？该用户将无法再登录，其密钥槽将被删除。其所做的更改仍保留在审计日志中。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="503"/>
        <source>%1 was removed.</source>
        <translation>已移除 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="517"/>
        <source>%1 was removed. Rotate the data key now? Old copies of vault.db and of their key slot will then open nothing (recommended after removing a user).</source>
        <translation>已移除 %1。要立即轮换数据密钥吗？轮换后，vault.db 的旧副本及该用户的密钥槽都将无法再打开任何内容（移除用户后建议执行）。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="521"/>
        <source>Rotate the data key now? The vault is re-encrypted under a new key, so old copies of vault.db and of removed users&apos; key slots open nothing. On a large vault this can take a few seconds.</source>
        <translation>要立即轮换数据密钥吗？保管库将用新密钥重新加密，vault.db 的旧副本及已移除用户的密钥槽都将无法再打开任何内容。保管库较大时可能需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="525"/>
        <source>Rotate data key</source>
        <translation>轮换数据密钥</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="541"/>
        <source>The data key was rotated: old copies of vault.db and of removed users&apos; key slots now open nothing.</source>
        <translation>数据密钥已轮换：vault.db 的旧副本及已移除用户的密钥槽现已无法打开任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/users_dialog.py" line="543"/>
        <source>Rotating the data key… On a large vault this can take a few seconds.</source>
        <translation>正在轮换数据密钥… 保管库较大时可能需要几秒钟。</translation>
    </message>
</context>
<context>
    <name>VerifyReportDialog</name>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="354"/>
        <source>Verify a report</source>
        <translation>核验报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="356"/>
        <source>Verify a compliance report</source>
        <translation>核验合规报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="360"/>
        <source>Choose the report&apos;s PDF file, or type the verification code printed at the foot of a paper copy. Custos says which report it is and whether the file was changed.</source>
        <translation>选择报告的 PDF 文件，或输入纸质件页脚上印的验证码。Custos 会说明这是哪一份报告，以及文件是否被改动。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="368"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="372"/>
        <source>Or code:</source>
        <translation>或验证码：</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="378"/>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="381"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="390"/>
        <source>Choose the report</source>
        <translation>选择报告</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="390"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="399"/>
        <source>Choose the report&apos;s file or type its code.</source>
        <translation>请选择报告文件或输入验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="434"/>
        <source>Matches the report made by %1 on %2 for %3 to %4: code %5, %6 pages.</source>
        <translation>与 %1 于 %2 生成的 %3 至 %4 期间报告一致：验证码 %5，%6 页。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="438"/>
        <source>Code %5 is the report made by %1 on %2 for %3 to %4, %6 pages. Check that the paper copy shows this period and page count.</source>
        <translation>验证码 %5 属于 %1 于 %2 生成的 %3 至 %4 期间报告，共 %6 页。请核对纸质件的期间和页数是否一致。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="444"/>
        <source>Altered: this file carries code %5 of the report made by %1 on %2 for %3 to %4, but its contents differ from that report.</source>
        <translation>已被改动：此文件带有 %1 于 %2 生成的 %3 至 %4 期间报告的验证码 %5，但内容与该报告不同。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="450"/>
        <source>This file is the report with code %5 (made by %1 for %3 to %4), not the code typed.</source>
        <translation>此文件是验证码为 %5 的报告（%1 生成，期间 %3 至 %4），与输入的验证码不符。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="455"/>
        <source>Not verified: the record of this report was not written by Custos when the report was made.</source>
        <translation>未通过核验：此报告的登记不是 Custos 在生成报告时写入的。</translation>
    </message>
    <message>
        <location filename="../../ui/compliance_dialog.py" line="460"/>
        <source>No such report: it was not made in this vault, or it was altered.</source>
        <translation>查无此报告：它不是本保险库生成的，或已被改动。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="87"/>
        <source>Welcome to Custos</source>
        <translation>欢迎使用 Custos</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="90"/>
        <source>Custos keeps your customer records in an encrypted vault on this computer. How would you like to start?</source>
        <translation>Custos 将您的客户记录保存在这台电脑上的加密保管库中。您想如何开始？</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="94"/>
        <source>Create a new vault</source>
        <translation>创建新保管库</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="97"/>
        <source>Start from scratch: choose where the vault is kept and set the owner&apos;s password.</source>
        <translation>从头开始：选择保管库的存放位置，并设置所有者的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="99"/>
        <source>Open an existing vault…</source>
        <translation>打开现有保管库…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="102"/>
        <source>Use a vault that already exists, for example one copied from another computer or restored from a backup.</source>
        <translation>使用已有的保管库，例如从其他电脑复制或从备份恢复的保管库。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="111"/>
        <source>The vault&apos;s folder</source>
        <translation>保管库文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="113"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="132"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="158"/>
        <source>Choose the vault&apos;s folder</source>
        <translation>选择保管库文件夹</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../ui/consent_record.py" line="607"/>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="610"/>
        <source>Withdraw the consent for %1? It stops at once for every list and export. The consent given stays in the history.</source>
        <translation>要撤回“%1”的同意吗？撤回立即对所有名单和导出生效。已给予的同意仍保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="623"/>
        <source>In person</source>
        <translation>当面</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="629"/>
        <source>How the customer said so:</source>
        <translation>客户表达方式：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="630"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="636"/>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="637"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/consent_record.py" line="677"/>
        <source>Nothing was withdrawn. %1</source>
        <translation>未撤回任何内容。%1</translation>
    </message>
</context>
<context>
    <name>_DateEdit</name>
    <message>
        <location filename="../../ui/editor.py" line="69"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="82"/>
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
</context>
<context>
    <name>_Work</name>
    <message>
        <location filename="../../ui/backup.py" line="121"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
