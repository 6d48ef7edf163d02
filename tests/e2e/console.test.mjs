// The console pane (issue 13): Kafka's own tools typed against the lab's cluster, in
// English and Chinese (the tools' output stays English, as Kafka's does; the lab's words
// around it are translated). Types a describe and reads Kafka 3.7's lines, completes a
// script name with Tab, walks the history with the arrow keys, and runs a reassignment
// generate → execute → verify (in progress, then completed after playing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, useLab } from './lab.mjs';
import { openWith, playUntilClock, shot } from './journey-helpers.mjs';

const lab = useLab();

/** Types `line` into the console, presses Enter, and returns what that command printed. */
async function run(pane, line) {
  const input = pane.locator('[data-testid=console-input]');
  await input.fill(line);
  await input.press('Enter');
  const results = pane.locator('.console-result');
  await pane.locator('.console-line').last().filter({ hasText: line.slice(0, 40) }).waitFor();
  return (await results.last().textContent()).replace(/\n$/, '');
}

const clock = async (page) => Number(await page.locator('[data-testid=clock]').getAttribute('data-time-ms'));

for (const lang of ['en', 'zh']) {
  test(`console (${lang}): describe, completion, history, reassign generate → execute → verify`, async () => {
    const { page, errors } = await openWith(lab, `?scenario=nine-brokers&lang=${lang}`);
    const pane = await openPane(page, 'console');
    const tab = page.locator('[data-testid=tab][data-tab=console]');
    assert.equal((await tab.textContent()).trim(), lang === 'en' ? 'Console' : '控制台');
    const intro = await pane.locator('.hint').first().textContent();
    assert.ok(lang === 'en' ? intro.includes("Kafka's own command-line tools") : intro.includes('命令行工具'), intro);

    const described = await run(pane, 'kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic clicks');
    const lines = described.split('\n');
    assert.equal(lines[0], 'Topic: clicks\tPartitionCount: 12\tReplicationFactor: 3\tConfigs: ');
    assert.equal(lines.length, 13, described);
    for (let p = 0; p < 12; p += 1) {
      assert.match(lines[p + 1], new RegExp(`^\\tTopic: clicks\\tPartition: ${p}\\tLeader: \\d\\tReplicas: \\d,\\d,\\d\\tIsr: \\d(,\\d)*$`));
    }
    const unknown = await run(pane, 'kafka-topics --describe --bogus');
    assert.equal(unknown, 'Exception in thread "main" joptsimple.UnrecognizedOptionException: bogus is not a recognized option');
    assert.equal(await pane.locator('.console-result.failed').count(), 1);

    // Tab completes the script name; the arrow keys bring back earlier lines.
    const input = pane.locator('[data-testid=console-input]');
    await input.fill('kafka-reass');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'kafka-reassign-partitions.sh ');
    await input.fill('kafka-topics.sh --describe --topic cl');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'kafka-topics.sh --describe --topic clicks ');
    await input.fill('kafka-topics.sh --describe --un');
    await input.press('Tab');
    const hint = await pane.locator('[data-testid=console-hint]').textContent();
    assert.ok(hint.startsWith(lang === 'en' ? 'Completions: ' : '可补全：'), hint);
    for (const o of ['--under-replicated-partitions', '--unavailable-partitions', '--under-min-isr-partitions']) assert.ok(hint.includes(o), hint);
    await input.fill('');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'kafka-topics --describe --bogus');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic clicks');

    await run(pane, `echo '{"topics":[{"topic":"clicks"}],"version":1}' > move.json`);
    const generated = await run(pane, 'kafka-reassign-partitions.sh --topics-to-move-json-file move.json --broker-list 0,1,2,3 --generate');
    const g = generated.split('\n');
    assert.equal(g[0], 'Current partition replica assignment');
    assert.equal(g[3], 'Proposed partition reassignment configuration');
    const proposed = JSON.parse(g[4]);
    assert.equal(proposed.partitions.length, 12);
    for (const p of proposed.partitions) assert.ok(p.replicas.every((b) => b <= 3), g[4]);
    await run(pane, `echo '${g[4]}' > plan.json`);
    const executed = await run(pane, 'kafka-reassign-partitions --execute --reassignment-json-file plan.json');
    assert.match(executed, /Successfully started partition reassignments for clicks-0,clicks-1,clicks-2,clicks-3,clicks-4,clicks-5,clicks-6,clicks-7,clicks-8,clicks-9,clicks-10,clicks-11\n/);
    assert.match(executed, lang === 'en' ? /12 action\(s\) sent to the cluster/ : /已向集群发送 12 个动作/);
    const during = await run(pane, 'kafka-reassign-partitions.sh --verify --reassignment-json-file plan.json');
    assert.ok(during.startsWith('Status of partition reassignment:\n'), during);
    assert.match(during, /is still in progress\./);
    const listed = await run(pane, 'kafka-reassign-partitions.sh --list');
    assert.match(listed, /^Current partition reassignments:\nclicks-\d+: replicas: /);
    await shot(page, `console-reassigning-${lang}`);

    let after = during;
    for (let i = 0; i < 10 && !after.includes('Clearing broker-level throttles'); i += 1) {
      await playUntilClock(page, (await clock(page)) + 2000);
      after = await run(pane, 'kafka-reassign-partitions.sh --verify --reassignment-json-file plan.json');
    }
    const done = after.split('\n');
    assert.equal(done.filter((l) => / is completed\.$/.test(l)).length, 12, after);
    assert.equal(done.at(-1), 'Clearing topic-level throttles on topic clicks');
    const moved = await run(pane, 'kafka-topics.sh --describe --topic clicks');
    for (const p of proposed.partitions) {
      assert.ok(moved.includes(`\tTopic: clicks\tPartition: ${p.partition}\tLeader: `), moved);
      assert.match(moved, new RegExp(`Partition: ${p.partition}\\tLeader: \\d\\tReplicas: ${p.replicas.join(',')}\\t`));
    }
    await shot(page, `console-reassigned-${lang}`);
    assert.deepEqual(errors, []);
  });
}

for (const lang of ['en', 'zh']) {
  test(`console (${lang}): kafka-topics.sh --create, --alter and --delete change the cluster drawn`, async () => {
    const { page, errors } = await openWith(lab, `?scenario=nine-brokers&lang=${lang}`);
    const pane = await openPane(page, 'console');
    const created = await run(pane, 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 2 --replication-factor 3 --config min.insync.replicas=2');
    assert.equal(created.split('\n')[0], 'Created topic audit.');
    assert.match(created, lang === 'en' ? /1 action\(s\) sent to the cluster/ : /已向集群发送 1 个动作/);
    const refused = await run(pane, 'kafka-topics.sh --create --topic audit');
    assert.equal(refused, "Error while executing topic command : Topic 'audit' already exists.");
    await playUntilClock(page, (await clock(page)) + 1500);
    const described = (await run(pane, 'kafka-topics.sh --describe --topic audit')).split('\n');
    assert.equal(described[0], 'Topic: audit\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2');
    for (let p = 0; p < 2; p += 1) {
      assert.match(described[p + 1], new RegExp(`^\\tTopic: audit\\tPartition: ${p}\\tLeader: \\d\\tReplicas: \\d,\\d,\\d\\tIsr: \\d,\\d,\\d$`));
    }
    const chips = page.locator('[data-testid=replica][data-tp^="audit-"]');
    await chips.nth(5).waitFor();
    assert.equal(await chips.count(), 6);
    const grown = await run(pane, 'kafka-topics.sh --alter --topic audit --partitions 3');
    assert.ok(grown.split('\n').includes('Adding partitions succeeded!'), grown);
    await playUntilClock(page, (await clock(page)) + 1500);
    await chips.nth(8).waitFor();
    assert.equal(await chips.count(), 9);
    const events = await page.locator('[data-testid=event]').allTextContents();
    const said = lang === 'en' ? 'Topic audit created: 2 partitions' : '已创建主题 audit：2 个分区';
    assert.ok(events.some((e) => e.includes(said)), events.slice(-10).join('\n'));
    await shot(page, `console-topic-created-${lang}`);

    const deleted = await run(pane, 'kafka-topics.sh --delete --topic audit');
    assert.equal(deleted.split('\n')[0], 'Topic audit is marked for deletion.');
    const marked = await run(pane, 'kafka-topics.sh --describe --topic audit');
    assert.ok(marked.split('\n')[0].endsWith('\tMarkedForDeletion: true'), marked);
    await playUntilClock(page, (await clock(page)) + 2000);
    await chips.first().waitFor({ state: 'detached' });
    assert.equal(await run(pane, 'kafka-topics.sh --list --exclude-internal'), 'clicks\norders\npayments');
    const gone = await page.locator('[data-testid=event]').allTextContents();
    const saidGone = lang === 'en' ? 'Topic audit deleted' : '主题 audit 已删除';
    assert.ok(gone.some((e) => e.includes(saidGone)), gone.slice(-10).join('\n'));
    assert.deepEqual(errors, []);
  });
}

const PASTED = [
  'Topic: shipments\tTopicId: 4S3kz5vYRd2nZWd2y1p2Jw\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2,cleanup.policy=compact',
  '\tTopic: shipments\tPartition: 0\tLeader: 4\tReplicas: 4,5,6\tIsr: 4,5,6\tElr: \tLastKnownElr: ',
  '\tTopic: shipments\tPartition: 1\tLeader: 5\tReplicas: 5,6,4\tIsr: 5,6,4\tElr: \tLastKnownElr: ',
].join('\n');

for (const lang of ['en', 'zh']) {
  test(`import (${lang}): a pasted describe becomes the cluster drawn, bad lines are named`, async () => {
    const { page, errors } = await openWith(lab, `?lang=${lang}`);
    const pane = await openPane(page, 'console');
    const box = pane.locator('[data-testid=import-box]');
    await box.locator('summary').click();
    await box.locator('[data-testid=import-text]').fill('Topic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: a\tPartition: 0\tLeader: 1\tReplicas: x\tIsr: 1');
    await box.locator('[data-testid=import-run]').click();
    const bad = await box.locator('[data-testid=import-errors]').textContent();
    assert.ok(bad.includes(lang === 'en' ? 'Line 2, field Replicas: "x" is not a broker id' : '第 2 行，字段 Replicas：“x”不是 Broker 编号'), bad);

    await box.locator('[data-testid=import-text]').fill(PASTED);
    await box.locator('[data-testid=import-run]').click();
    const notes = await box.locator('[data-testid=import-result]').textContent();
    assert.ok(notes.includes('cleanup.policy=compact'), notes);
    assert.ok(notes.includes(lang === 'en' ? 'TopicId is ignored' : 'TopicId 被忽略'), notes);
    // The cluster drawn has the pasted brokers 4, 5, 6 and the shipments topic.
    await page.locator('[data-testid=cluster] [data-testid=broker][data-broker-id="6"]').waitFor();
    assert.deepEqual(await page.locator('[data-testid=cluster] [data-testid=broker]').evaluateAll((els) => els.map((e) => e.dataset.brokerId)), ['4', '5', '6']);
    // The picker names the imported cluster, not the scenario that ran before.
    assert.equal(await page.locator('[data-testid=scenario] option:checked').textContent(),
      lang === 'en' ? 'Imported: imported' : '导入：imported');
    const console = await openPane(page, 'console');
    const described = await run(console, 'kafka-topics.sh --describe --topic shipments');
    assert.equal(described, [
      'Topic: shipments\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2',
      '\tTopic: shipments\tPartition: 0\tLeader: 4\tReplicas: 4,5,6\tIsr: 4,5,6',
      '\tTopic: shipments\tPartition: 1\tLeader: 5\tReplicas: 5,6,4\tIsr: 5,6,4',
    ].join('\n'));
    await shot(page, `console-imported-${lang}`);
    assert.deepEqual(errors, []);
  });
}
