// The `typed-json` wire format: a sync channel whose jobs come one after another.
import { int, iso, jobDuration, pick, rand, unevenSplit } from './support.mjs';

const SOURCES = [
  { sourceId: 'src-acme', sourceName: 'Acme supplier catalogue' },
  { sourceId: 'src-globex', sourceName: 'Globex price list' },
  { sourceId: 'src-initech', sourceName: 'Initech ERP export' },
];
const COMPANIES = [
  'Acme Ltd.',
  'ACME Limited',
  'Globex Corp',
  'Globex Corporation',
  'Initech',
  'Initech GmbH',
  'Umbrella plc',
  'Umbrella PLC',
  'Hooli',
  'Hooli Inc.',
];

/**
 * One sync job on the channel: unnamed events with a `type`: status_update, progress_update
 * (stages download, parse, match, then complete) and proposals along the way.
 */
export async function sourceSync({ publish, sleep, jobId, onControl }) {
  const source = pick(SOURCES);
  const total = int(800, 3200);
  const stamp = () => iso();
  const status = (value) => publish({ data: { type: 'status_update', ...source, status: value, updatedAt: stamp() } });
  let at = { stage: 'download', current: 0 };
  const event = (stage, current, message) => ({
    data: { type: 'progress_update', jobId, progress: { stage, current, total, message, timestamp: stamp() } },
  });
  const progress = (stage, current, message) => {
    at = { stage, current };
    publish(event(stage, current, message));
  };
  // A pause, a resume or a cancellation: a progress update whose stage says so.
  onControl?.((what) => {
    if (what === 'paused') return event('paused', at.current, 'Paused');
    if (what === 'resumed') return event(at.stage, at.current, `Resumed: ${at.stage}`);
    return event('cancelled', at.current, 'Cancelled by the user');
  });

  status('syncing');
  progress('download', 0, `Requesting ${source.sourceName}`);
  const stages = [
    { stage: 'download', to: 0.3, message: (n) => `Downloaded ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records` },
    { stage: 'parse', to: 0.55, message: (n) => `Parsed ${n.toLocaleString('en-US')} records` },
    { stage: 'match', to: 1, message: (n) => `Matched ${n.toLocaleString('en-US')} records against the catalogue` },
  ];
  const spans = unevenSplit(jobDuration(), stages.length);
  const proposals = [];
  let current = 0;
  let nextProposal = 1;
  for (const [i, s] of stages.entries()) {
    const ticks = int(4, 10);
    const waits = unevenSplit(spans[i], ticks);
    const from = current;
    const target = Math.round(total * s.to);
    for (let t = 1; t <= ticks; t++) {
      await sleep(waits[t - 1]);
      current = t === ticks && s.to === 1 ? total - 1 : Math.round(from + ((target - from) * t) / ticks);
      progress(s.stage, current, s.message(current));
      if (s.stage === 'download' && t === 2 && Math.random() < 0.35) status('warning');
      if (s.stage === 'match' && Math.random() < 0.45) {
        const [a, b] = [pick(COMPANIES), pick(COMPANIES)];
        const proposal = {
          proposalId: `prop-${jobId}-${nextProposal++}`,
          title: `Merge “${a}” into “${b}”`,
          confidence: int(55, 99) / 100,
        };
        proposals.push(proposal);
        publish({ data: { type: 'new_proposal', ...proposal } });
      } else if (s.stage === 'match' && proposals.length > 0 && Math.random() < 0.2) {
        const proposal = proposals.shift();
        publish(
          Math.random() < 0.5
            ? { data: { type: 'proposal_update', proposalId: proposal.proposalId, title: `${proposal.title} (reviewed)` } }
            : { data: { type: 'proposal_deleted', proposalId: proposal.proposalId } },
        );
      }
    }
  }
  await sleep(rand(400, 1200));
  progress('complete', total, `Sync complete: ${total.toLocaleString('en-US')} records, ${nextProposal - 1} proposals`);
  status('completed');
}
