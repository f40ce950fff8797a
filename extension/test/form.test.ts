import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';

import {
  IAssessmentForm,
  joinPath,
  parseRegions,
  toRequest
} from '../src/form';

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
  it('sends the sandbox (workshop by default) and never the profile with it', () => {
    const request = toRequest(
      form({ target: 'sandbox', profile: 'audit' }),
      ''
    );
    assert.deepEqual(request, { path: 'audit.ipynb', sandbox: 'workshop' });
  });
});
