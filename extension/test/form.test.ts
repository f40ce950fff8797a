import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';

import type { ITargets } from '../src/api';
import {
  defaultTarget,
  IAssessmentForm,
  joinPath,
  parseRegions,
  parseTarget,
  targetChoices,
  toRequest
} from '../src/form';

const targets = (over: Partial<ITargets> = {}): ITargets => ({
  profiles: ['audit', 'prod'],
  profiles_problem: null,
  scenarios: [
    { name: 'workshop', description: 'A small company.' },
    { name: 'clean', description: 'Everything passes.' }
  ],
  environment_sandbox: null,
  ...over
});

const form = (over: Partial<IAssessmentForm> = {}): IAssessmentForm => ({
  checklist: '',
  target: 'profile',
  profile: '',
  sandbox: '',
  regions: [],
  fileName: 'audit',
  title: '',
  ...over
});

describe('parseRegions', () => {
  it('splits on commas and any whitespace, dropping blanks', () => {
    assert.deepEqual(parseRegions(' eu-west-1, us-east-1\n\tap-south-1,, '), [
      'eu-west-1',
      'us-east-1',
      'ap-south-1'
    ]);
  });
  it('reads an empty field as no regions', () => {
    assert.deepEqual(parseRegions('  , '), []);
  });
});

describe('joinPath', () => {
  it('puts the file at the root when there is no folder', () => {
    assert.equal(joinPath('', 'a.ipynb'), 'a.ipynb');
  });
  it('joins folder and name with one slash', () => {
    assert.equal(joinPath('work/audits/', 'a.ipynb'), 'work/audits/a.ipynb');
  });
});

describe('toRequest', () => {
  it('asks for a file name', () => {
    assert.equal(
      toRequest(form({ fileName: '' }), ''),
      'Give the notebook a file name.'
    );
  });
  it('refuses names that leave the folder or hide the file', () => {
    for (const fileName of ['../x', 'a/b', '.hidden']) {
      const answer = toRequest(form({ fileName }), 'work');
      assert.equal(typeof answer, 'string', fileName);
      assert.match(answer as string, /cannot contain "\/" or start with "\."/);
    }
  });
  it('adds .ipynb, joins the folder and sends only what was filled in', () => {
    assert.deepEqual(toRequest(form(), 'work'), { path: 'work/audit.ipynb' });
  });
  it('sends a profile, regions, checklist and title when given', () => {
    const request = toRequest(
      form({
        fileName: 'x.ipynb',
        profile: 'audit',
        regions: ['eu-west-1'],
        checklist: 'mine.yaml',
        title: 'Q3'
      }),
      ''
    );
    assert.deepEqual(request, {
      path: 'x.ipynb',
      profile: 'audit',
      regions: ['eu-west-1'],
      checklist: 'mine.yaml',
      title: 'Q3'
    });
  });
  it('sends the chosen scenario and never the profile with it', () => {
    const request = toRequest(
      form({ target: 'sandbox', profile: 'audit', sandbox: 'clean' }),
      ''
    );
    assert.deepEqual(request, { path: 'audit.ipynb', sandbox: 'clean' });
  });
  it('never picks a scenario the person did not choose', () => {
    assert.equal(
      toRequest(form({ target: 'sandbox', sandbox: '' }), ''),
      'Choose a sandbox scenario.'
    );
  });
});

describe('targetChoices', () => {
  it('offers default credentials, every server profile, then every scenario', () => {
    const { profiles, scenarios } = targetChoices(targets());
    assert.deepEqual(
      profiles.map(c => c.value),
      ['profile:', 'profile:audit', 'profile:prod']
    );
    assert.deepEqual(
      scenarios.map(c => [c.value, c.label]),
      [
        ['sandbox:workshop', 'Sandbox: workshop'],
        ['sandbox:clean', 'Sandbox: clean']
      ]
    );
    assert.match(scenarios[1].hint, /^Everything passes\. A simulated account/);
  });
  it('warns that a profile refuses to run where AWS points at a sandbox', () => {
    const { profiles } = targetChoices(
      targets({ environment_sandbox: 'workshop' })
    );
    assert.match(profiles[1].hint, /points AWS at the "workshop" sandbox/);
  });
  it('says why no profiles are listed', () => {
    const { profiles } = targetChoices(
      targets({ profiles: [], profiles_problem: 'bad ini' })
    );
    assert.equal(profiles.length, 1);
    assert.match(profiles[0].hint, /No AWS profiles are listed: bad ini/);
  });
});

describe('defaultTarget and parseTarget', () => {
  it('starts on the sandbox the environment points at, else default credentials', () => {
    assert.equal(defaultTarget(targets()), 'profile:');
    assert.equal(
      defaultTarget(targets({ environment_sandbox: 'clean' })),
      'sandbox:clean'
    );
    assert.equal(
      defaultTarget(targets({ environment_sandbox: 'gone' })),
      'profile:'
    );
  });
  it('reads a choice into exactly one of profile and sandbox', () => {
    assert.deepEqual(parseTarget('sandbox:clean'), {
      target: 'sandbox',
      profile: '',
      sandbox: 'clean'
    });
    assert.deepEqual(parseTarget('profile:prod'), {
      target: 'profile',
      profile: 'prod',
      sandbox: ''
    });
    assert.deepEqual(parseTarget('profile:'), {
      target: 'profile',
      profile: '',
      sandbox: ''
    });
  });
  it('round-trips every offered choice into the request for that target', () => {
    const { profiles, scenarios } = targetChoices(targets());
    for (const choice of [...profiles, ...scenarios]) {
      const request = toRequest(form(parseTarget(choice.value)), '');
      assert.equal(typeof request, 'object');
      const [kind, name] = choice.value.split(':');
      const sent = request as { profile?: string; sandbox?: string };
      assert.equal(
        kind === 'sandbox' ? sent.sandbox : sent.profile,
        name || undefined
      );
      assert.equal(kind === 'sandbox' ? sent.profile : sent.sandbox, undefined);
    }
  });
});
