import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import languageMenu from '../../../contact-flows/inbound/language-menu.json';
import languageOption from '../../../contact-flows/inbound/language-option.json';
import localeSegment from '../../../contact-flows/inbound/locale-segment.json';
import skeleton from '../../../contact-flows/inbound/skeleton.json';
import { parseConfig } from '../../../lib/config';
import {
  assertNoPlaceholders,
  fillPlaceholders,
  findPlaceholders,
  flowValues,
  LeftoverPlaceholderError,
  PLACEHOLDER_ARNS,
  renderFlow,
  renderFlowContent,
  renderNotices,
} from '../../../lib/flows';
import { configFor, inbound } from './helpers';

describe('placeholders', () => {
  it('rejects a template with a token that has no value, naming the token', () => {
    // Prepare
    const template = { Text: 'Hello <<KNOWN>> and <<UNKNOWN_TOKEN>>' };
    // Act
    const filled = fillPlaceholders(template, { KNOWN: 'caller' });
    // Assess
    expect(filled.Text).toBe('Hello caller and <<UNKNOWN_TOKEN>>');
    expect(() => assertNoPlaceholders(filled, 'test template')).toThrow(LeftoverPlaceholderError);
    expect(() => assertNoPlaceholders(filled, 'test template')).toThrow(/<<UNKNOWN_TOKEN>> in test template/);
  });

  it('rejects a rendered flow when a value smuggles in a placeholder, naming it', () => {
    // Prepare
    const values = flowValues(configFor('en-US'), PLACEHOLDER_ARNS);
    const en = values.perLocale['en-US'];
    if (en === undefined) throw new Error('test setup: en-US values missing');
    const tampered = {
      ...values,
      perLocale: { 'en-US': { ...en, prompts: { ...en.prompts, goodbye: 'Bye <<NOT_A_VALUE>>' } } },
    };
    // Act
    const render = () => renderFlow('inbound', tampered);
    // Assess
    expect(render).toThrow(/<<NOT_A_VALUE>>/);
  });

  it('keeps CloudFormation token strings intact inside the flow JSON', () => {
    // Prepare
    const cfnToken = (n: number): string => `\${Token[TOKEN.${n}]}`;
    const arns = {
      consentFunctionArn: cfnToken(101),
      lexBotAliasArn: cfnToken(102),
      queueArn: cfnToken(103),
      hoursOfOperationArn: cfnToken(104),
      recordingControlFunctionArn: cfnToken(105),
      surveyFunctionArn: cfnToken(106),
      callbackQueueArn: cfnToken(107),
    };
    // Act
    const content = renderFlowContent('inbound', flowValues(configFor(), arns));
    // Assess
    expect(arns.queueArn).toBe('$' + '{Token[TOKEN.103]}');
    expect(content).toContain(`"LambdaFunctionARN":"${arns.consentFunctionArn}"`);
    expect(content).toContain(`"AliasArn":"${arns.lexBotAliasArn}"`);
    expect(content).toContain(`"QueueId":"${arns.queueArn}"`);
    expect(content).toContain(`"QueueId":"${arns.callbackQueueArn}"`);
    expect(content).toContain(`"HoursOfOperationId":"${arns.hoursOfOperationArn}"`);
    expect(content).toContain(`"LambdaFunctionARN":"${arns.surveyFunctionArn}"`);
    expect(JSON.parse(content).Version).toBe('2019-10-30');
  });

  it('keeps every ARN out of the templates (all are placeholders)', () => {
    // Prepare
    const templates = [skeleton, languageMenu, languageOption, localeSegment];
    // Act
    const text = JSON.stringify(templates);
    // Assess
    expect(text).not.toMatch(/arn:aws/);
    expect(findPlaceholders(templates)).toEqual(
      expect.arrayContaining(['<<CONSENT_FUNCTION_ARN>>', '<<LEX_BOT_ALIAS_ARN>>', '<<QUEUE_ARN>>']),
    );
  });
});

describe('renderNotices', () => {
  it('renders the retention days from config into every notice', () => {
    // Prepare
    const config = parseConfig({ retentionDays: 731 });
    // Act
    const notices = renderNotices(config);
    // Assess
    expect(notices['en-US'].text).toContain('deleted after 731 days');
    expect(notices['zh-CN'].text).toContain('在731天后删除');
    expect(notices['en-US'].version).toBe(config.noticeVersion);
  });

  it('hashes the exact UTF-8 text, stably, and the hash changes with retentionDays', () => {
    // Prepare
    const config = parseConfig({});
    // Act
    const first = renderNotices(config);
    const again = renderNotices(config);
    const longer = renderNotices(parseConfig({ retentionDays: 400 }));
    // Assess
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const expected = createHash('sha256').update(Buffer.from(first[locale].text, 'utf8')).digest('hex');
      expect(first[locale].sha256).toBe(expected);
      expect(again[locale].sha256).toBe(first[locale].sha256);
      expect(longer[locale].sha256).not.toBe(first[locale].sha256);
    }
  });

  it('states purpose, what is recorded, retention, no cost of declining and the rights channel', () => {
    // Prepare
    const notices = renderNotices(parseConfig({ retentionDays: 365 }));
    // Act
    const en = notices['en-US'].text;
    const zh = notices['zh-CN'].text;
    // Assess
    expect(en).toMatch(/we record this call/);
    expect(en).toMatch(/We use recordings only to/);
    expect(en).toMatch(/365 days/);
    expect(en).toMatch(/If you decline, this call is not recorded and you still get our full service/);
    expect(en).toMatch(/To see, copy or delete your personal information/);
    expect(zh).toMatch(/录音仅用于/);
    expect(zh).toMatch(/365天后删除/);
    expect(zh).toMatch(/您仍可享受我们的全部服务/);
    expect(zh).toMatch(/查阅、复制或删除/);
  });

  it('rejects a config whose noticeVersion differs from the notice files', () => {
    // Prepare
    const config = parseConfig({ noticeVersion: '9.9' });
    // Act
    const render = () => renderNotices(config);
    // Assess
    expect(render).toThrow(/notice zh-CN is version 2026-12-01 but config.noticeVersion is 9.9/);
  });
});

describe('renderFlow', () => {
  it('has no language menu when one locale is configured', () => {
    // Prepare
    const config = configFor('zh-CN');
    // Act
    const flow = inbound(config);
    // Assess
    expect(flow.Actions.filter((a) => a.Identifier.startsWith('lang-'))).toEqual([]);
    expect(flow.Actions.filter((a) => a.Type === 'GetParticipantInput').map((a) => a.Identifier)).toEqual([
      'consent-ask-1-zh-CN',
      'consent-ask-2-zh-CN',
      'consent-ask-3-zh-CN',
      'closed-offer-zh-CN',
      'survey-offer-zh-CN',
      'survey-resolved-zh-CN',
      'pay-card-zh-CN',
      'pay-card-plain-zh-CN',
      'pay-expiry-zh-CN',
    ]);
    expect(flow.Actions.find((a) => a.Identifier === 'recording-off-start')?.Transitions.NextAction).toBe(
      'voice-zh-CN',
    );
  });

  it('offers each configured locale by DTMF in config order when more than one is configured', () => {
    // Prepare
    const config = configFor('en-US,zh-CN');
    // Act
    const flow = inbound(config);
    // Assess
    const menu = flow.Actions.find((a) => a.Identifier === 'lang-menu');
    expect(menu?.Type).toBe('GetParticipantInput');
    expect(menu?.Transitions.Conditions?.map((c) => [c.Condition.Operands[0], c.NextAction])).toEqual([
      ['1', 'voice-en-US'],
      ['2', 'voice-zh-CN'],
    ]);
    expect(menu?.Parameters.Text).toBe('中文服务，请按2。');
    expect(flow.Actions.find((a) => a.Identifier === 'lang-say-en-US')?.Parameters.Text).toBe(
      'For English, press 1.',
    );
  });

  it('sets the voice and the Lex locale per locale, and hands Lex only the HMAC, never the number', () => {
    // Prepare
    const flow = inbound(configFor());
    // Act
    const voice = flow.Actions.find((a) => a.Identifier === 'voice-zh-CN');
    const bot = flow.Actions.find((a) => a.Identifier === 'bot-en-US');
    // Assess
    expect(voice?.Parameters).toEqual({ TextToSpeechVoice: 'Zhiyu', TextToSpeechEngine: 'Neural' });
    expect(bot?.Parameters.LexSessionAttributes).toEqual({
      contactId: '$.ContactId',
      consent: '$.Attributes.consent',
      locale: 'en-US',
      callerHmac: '$.Attributes.callerHmac',
    });
    // The number stays inside Connect: its one use is as the callback number Connect dials.
    const uses = flow.Actions.filter((a) => JSON.stringify(a).includes('CustomerEndpoint'));
    expect(new Set(uses.map((a) => a.Type))).toEqual(new Set(['UpdateContactCallbackNumber']));
    for (const a of uses) expect(a.Parameters).toEqual({ CallbackNumber: '$.CustomerEndpoint.Address' });
  });

  it('plays prompts in the caller locale: Simplified Chinese for zh-CN, polite apologies everywhere', () => {
    // Prepare
    const flow = inbound(configFor());
    // Act
    const texts = (suffix: string) =>
      flow.Actions.filter((a) => a.Identifier.endsWith(suffix) && typeof a.Parameters.Text === 'string').map(
        (a) => [a.Identifier, String(a.Parameters.Text)] as const,
      );
    // Assess
    for (const [, text] of texts('-zh-CN')) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/[請錄務說們這為選擇謝話]/); // Traditional forms of characters we use
    }
    for (const [id, text] of texts('-en-US').filter(([id]) => id.startsWith('apology'))) {
      expect(text, id).toMatch(/^Sorry/);
    }
    for (const [id, text] of texts('-zh-CN').filter(([id]) => id.startsWith('apology'))) {
      expect(text, id).toMatch(/^抱歉/);
    }
  });
});
