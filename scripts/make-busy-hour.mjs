// Writes scenarios/busy-hour.json: W1 with retention (crates/bench/src/workload.rs,
// `Workload::w1_retained`) as a file the lab opens: 3 brokers, topic orders of 3
// partitions RF 3, one acks=all producer, one consumer group, retention.ms 60 s checked
// every 10 s, for one simulated hour. A file may produce at most 1,000,000 records in all
// (docs/scenario-format.md, "Limits"), so the producer sends a burst of 250 records every
// second (900,000 in the hour) rather than W1's 1,000 msg/s.
// Run: node scripts/make-busy-hour.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const END_MS = 3_600_000;
const PER_SECOND = 250;
const FIRST_MS = 1_000;

const actions = [];
for (let at = FIRST_MS; at < END_MS; at += 1_000) {
  actions.push({ at_ms: at, do: 'produce', producer: 'p1', topic: 'orders',
    value: `s${at / 1_000}`, count: PER_SECOND });
}

const scenario = {
  id: 'busy-hour',
  title: { en: 'A busy hour: retention keeps the logs short',
    zh: '繁忙的一小时：保留策略让日志保持短小' },
  description: {
    en: `One acks=all producer writes ${PER_SECOND} records a second for an hour to topic orders (3 partitions, replication factor 3). retention.ms is one minute, checked every 10 s (log.retention.check.interval.ms): each replica deletes whole segments of 1,000 records once their newest record is a minute old, and its log start offset moves up. The deleted records are expired, not lost. Play it at 100× and scrub anywhere in the hour.`,
    zh: `一个 acks=all 的生产者在一小时内每秒向主题 orders（3 个分区、副本因子 3）写入 ${PER_SECOND} 条记录。retention.ms 为一分钟，每 10 秒检查一次（log.retention.check.interval.ms）：每个副本在日志段（每段 1000 条记录）中最新的记录超过一分钟后删除整个日志段，日志起始偏移量随之上移。被删除的记录是过期，不是丢失。用 100× 播放，并在这一小时内任意拖动时间轴。`,
  },
  seed: 1,
  end_ms: END_MS,
  cluster: {
    brokers: [0, 1, 2],
    protocol: '3.7',
    config: { 'log.retention.check.interval.ms': 10_000 },
  },
  topics: [{ name: 'orders', partitions: 3, replication_factor: 3,
    config: { 'min.insync.replicas': 2, 'retention.ms': 60_000 } }],
  producers: [{ name: 'p1', acks: 'all' }],
  consumers: [{ name: 'c1', group: 'billing', topics: ['orders'] }],
  guide: [{
    at_ms: 75_000,
    caption: {
      en: 'A minute and a quarter in: about 18,000 records were written, but each replica keeps only the last minute or so, in whole segments.',
      zh: '一分十五秒时：已经写入约 18000 条记录，但每个副本只保留最近一分钟左右的记录，按整个日志段保留。',
    },
    question: {
      prompt: {
        en: 'The first segments of every partition were just deleted. What happened to their records?',
        zh: '每个分区最早的日志段刚被删除。它们的记录怎么样了？',
      },
      choices: [
        { en: 'They expired: retention deleted them, nothing was lost', zh: '过期了：保留策略删除了它们，没有丢失' },
        { en: 'They were lost: an acknowledged record is gone', zh: '丢失了：已确认的记录不见了' },
        { en: 'They moved to another broker', zh: '它们被移到了另一个 Broker' },
      ],
      answer: 0,
      explanation: {
        en: 'retention.ms deletes whole old segments below the HW on every replica and moves the log start offset up. The records were acknowledged and replicated; they expired by the topic\'s own rule. A consumer behind the log start offset gets OFFSET_OUT_OF_RANGE and auto.offset.reset.',
        zh: 'retention.ms 在每个副本上删除 HW 以下的整个旧日志段，并上移日志起始偏移量。这些记录已被确认并复制，是按主题自己的规则过期的。落后于日志起始偏移量的消费者会收到 OFFSET_OUT_OF_RANGE，并按 auto.offset.reset 处理。',
      },
    },
  }],
  actions,
};

// One action a line keeps the 3,600 actions readable in a diff.
const head = JSON.stringify({ ...scenario, actions: [] }, null, 2).replace(/"actions": \[\]\n}$/, '');
const body = actions.map((a) => `    ${JSON.stringify(a)}`).join(',\n');
const out = `${head}"actions": [\n${body}\n  ]\n}\n`;
writeFileSync(fileURLToPath(new URL('../scenarios/busy-hour.json', import.meta.url)), out);
