import type { SimProfiles } from '../sim-config';
import { profileToken, type PtzPosition, type SimDeviceState, type SimEvent } from './device-state';
import { envelope, escapeXml as x } from './soap';

/** Where the device's services, streams and snapshots live, as seen by clients. */
export interface DeviceUrls {
  service(name: 'device_service' | 'media' | 'ptz' | 'events'): string;
  subscription(id: string): string;
  rtsp(cameraId: string, profile: 'main' | 'sub'): string;
  snapshot(cameraId: string): string;
}

export function systemDateAndTime(now: Date): string {
  const d = now;
  return envelope(
    `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
      `<tt:TimeZone><tt:TZ>ICT-7</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
  );
}

export function deviceInformation(state: SimDeviceState): string {
  const s = state.spec;
  return envelope(
    `<tds:GetDeviceInformationResponse><tds:Manufacturer>IOC Console Simulator</tds:Manufacturer><tds:Model>${x(s.model)}</tds:Model>` +
      `<tds:FirmwareVersion>1.0.0</tds:FirmwareVersion><tds:SerialNumber>${x(s.serial)}</tds:SerialNumber><tds:HardwareId>${s.kind === 'nvr' ? 'NVR' : 'IPC'}-${x(s.id)}</tds:HardwareId></tds:GetDeviceInformationResponse>`,
  );
}

export function services(state: SimDeviceState, urls: DeviceUrls): string {
  const hasPtz = state.spec.channels.some((c) => c.ptz);
  const entry = (ns: string, url: string) =>
    `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${x(url)}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`;
  return envelope(
    `<tds:GetServicesResponse>` +
      entry('http://www.onvif.org/ver10/device/wsdl', urls.service('device_service')) +
      entry('http://www.onvif.org/ver10/media/wsdl', urls.service('media')) +
      entry('http://www.onvif.org/ver10/events/wsdl', urls.service('events')) +
      (hasPtz ? entry('http://www.onvif.org/ver20/ptz/wsdl', urls.service('ptz')) : '') +
      `</tds:GetServicesResponse>`,
  );
}

export function capabilities(state: SimDeviceState, urls: DeviceUrls): string {
  const hasPtz = state.spec.channels.some((c) => c.ptz);
  return envelope(
    `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
      `<tt:Device><tt:XAddr>${x(urls.service('device_service'))}</tt:XAddr></tt:Device>` +
      `<tt:Events><tt:XAddr>${x(urls.service('events'))}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>` +
      `<tt:Media><tt:XAddr>${x(urls.service('media'))}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
      (hasPtz ? `<tt:PTZ><tt:XAddr>${x(urls.service('ptz'))}</tt:XAddr></tt:PTZ>` : '') +
      `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
  );
}

export function scopes(state: SimDeviceState): string {
  return envelope(
    `<tds:GetScopesResponse>` +
      deviceScopes(state)
        .map((s) => `<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>${x(s)}</tt:ScopeItem></tds:Scopes>`)
        .join('') +
      `</tds:GetScopesResponse>`,
  );
}

export function deviceScopes(state: SimDeviceState): string[] {
  const s = state.spec;
  return [
    `onvif://www.onvif.org/type/${s.kind === 'nvr' ? 'Network_Video_Recorder' : 'video_encoder'}`,
    'onvif://www.onvif.org/Profile/Streaming',
    `onvif://www.onvif.org/name/${encodeURIComponent(s.name)}`,
    `onvif://www.onvif.org/hardware/${encodeURIComponent(s.model)}`,
    'onvif://www.onvif.org/location/city/DongHa',
  ];
}

function profileXml(state: SimDeviceState, index: number, kind: 'main' | 'sub', profiles: SimProfiles, element = 'trt:Profiles'): string {
  const channel = state.spec.channels[index]!;
  const p = profiles[kind];
  const token = profileToken(index, kind);
  const source = `vs${String(index + 1).padStart(2, '0')}`;
  const encoding = channel.codec === 'h265' ? 'H265' : 'H264';
  const ptz = channel.ptz
    ? `<tt:PTZConfiguration token="ptz${index + 1}"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>node${index + 1}</tt:NodeToken>` +
      `<tt:DefaultContinuousPanTiltVelocitySpace>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:DefaultContinuousPanTiltVelocitySpace>` +
      `<tt:DefaultContinuousZoomVelocitySpace>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:DefaultContinuousZoomVelocitySpace></tt:PTZConfiguration>`
    : '';
  return (
    `<${element} fixed="true" token="${token}"><tt:Name>${x(channel.name)} ${kind}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="vsc${index + 1}"><tt:Name>${x(channel.name)}</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>${source}</tt:SourceToken><tt:Bounds x="0" y="0" width="${profiles.main.width}" height="${profiles.main.height}"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="enc_${token}"><tt:Name>${kind}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>${encoding}</tt:Encoding>` +
    `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>` +
    `<tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${p.bitrate}</tt:BitrateLimit></tt:RateControl>` +
    (encoding === 'H264' ? `<tt:H264><tt:GovLength>${p.fps}</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264>` : '') +
    `<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>${ptz}</${element}>`
  );
}

export function profilesResponse(state: SimDeviceState, profiles: SimProfiles): string {
  const all = state.spec.channels.flatMap((_c, i) => [profileXml(state, i, 'main', profiles), profileXml(state, i, 'sub', profiles)]);
  return envelope(`<trt:GetProfilesResponse>${all.join('')}</trt:GetProfilesResponse>`);
}

export function profileResponse(state: SimDeviceState, index: number, kind: 'main' | 'sub', profiles: SimProfiles): string {
  return envelope(`<trt:GetProfileResponse>${profileXml(state, index, kind, profiles, 'trt:Profile')}</trt:GetProfileResponse>`);
}

export function videoSources(state: SimDeviceState, profiles: SimProfiles): string {
  const items = state.spec.channels.map(
    (_c, i) =>
      `<trt:VideoSources token="vs${String(i + 1).padStart(2, '0')}"><tt:Framerate>${profiles.main.fps}</tt:Framerate><tt:Resolution><tt:Width>${profiles.main.width}</tt:Width><tt:Height>${profiles.main.height}</tt:Height></tt:Resolution></trt:VideoSources>`,
  );
  return envelope(`<trt:GetVideoSourcesResponse>${items.join('')}</trt:GetVideoSourcesResponse>`);
}

export function mediaUri(element: 'GetStreamUriResponse' | 'GetSnapshotUriResponse', uri: string): string {
  return envelope(
    `<trt:${element}><trt:MediaUri><tt:Uri>${x(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:${element}>`,
  );
}

export function ptzNodes(state: SimDeviceState): string {
  const nodes = state.spec.channels
    .map((c, i) =>
      c.ptz
        ? `<tptz:PTZNode token="node${i + 1}" FixedHomePosition="false"><tt:Name>${x(c.name)}</tt:Name><tt:SupportedPTZSpaces>` +
          `<tt:AbsolutePanTiltPositionSpace><tt:URI>http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange></tt:AbsolutePanTiltPositionSpace>` +
          `<tt:AbsoluteZoomPositionSpace><tt:URI>http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace</tt:URI><tt:XRange><tt:Min>0</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:AbsoluteZoomPositionSpace>` +
          `<tt:ContinuousPanTiltVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange></tt:ContinuousPanTiltVelocitySpace>` +
          `<tt:ContinuousZoomVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:ContinuousZoomVelocitySpace>` +
          `</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>32</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></tptz:PTZNode>`
        : '',
    )
    .join('');
  return envelope(`<tptz:GetNodesResponse>${nodes}</tptz:GetNodesResponse>`);
}

function vector(p: PtzPosition): string {
  return `<tt:PanTilt x="${p.x.toFixed(4)}" y="${p.y.toFixed(4)}" space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"/><tt:Zoom x="${p.zoom.toFixed(4)}" space="http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"/>`;
}

export function presets(list: Map<string, { name: string; position: PtzPosition }>): string {
  const items = [...list].map(([token, p]) => `<tptz:Preset token="${x(token)}"><tt:Name>${x(p.name)}</tt:Name><tt:PTZPosition>${vector(p.position)}</tt:PTZPosition></tptz:Preset>`);
  return envelope(`<tptz:GetPresetsResponse>${items.join('')}</tptz:GetPresetsResponse>`);
}

export function ptzStatus(position: PtzPosition, moving: boolean, now: Date): string {
  const state = moving ? 'MOVING' : 'IDLE';
  return envelope(
    `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${vector(position)}</tt:Position><tt:MoveStatus><tt:PanTilt>${state}</tt:PanTilt><tt:Zoom>${state}</tt:Zoom></tt:MoveStatus><tt:UtcTime>${now.toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
  );
}

export function empty(element: string): string {
  return envelope(`<${element}/>`);
}

export function setPresetResponse(token: string): string {
  return envelope(`<tptz:SetPresetResponse><tptz:PresetToken>${x(token)}</tptz:PresetToken></tptz:SetPresetResponse>`);
}

export function eventProperties(): string {
  return envelope(
    `<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation><wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>` +
      `<wstop:TopicSet><tns1:RuleEngine><CellMotionDetector><Motion wstop:topic="true"/></CellMotionDetector><LineDetector><Crossed wstop:topic="true"/></LineDetector></tns1:RuleEngine></wstop:TopicSet>` +
      `<wsnt:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>` +
      `<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect></tev:GetEventPropertiesResponse>`,
  );
}

export function subscriptionCreated(address: string, now: Date, ttlMs: number): string {
  return envelope(
    `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${x(address)}</wsa:Address></tev:SubscriptionReference>` +
      `<wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime><wsnt:TerminationTime>${new Date(now.getTime() + ttlMs).toISOString()}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`,
  );
}

export function pulledMessages(address: string, events: SimEvent[], now: Date, ttlMs: number): string {
  const items = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `<tt:SimpleItem Name="${x(k)}" Value="${x(v)}"/>`)
      .join('');
  const messages = events.map(
    (e) =>
      `<wsnt:NotificationMessage><wsnt:SubscriptionReference><wsa:Address>${x(address)}</wsa:Address></wsnt:SubscriptionReference>` +
      `<wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${x(e.topic)}</wsnt:Topic>` +
      `<wsnt:Message><tt:Message UtcTime="${e.utcTime}" PropertyOperation="Changed"><tt:Source>${items(e.source)}</tt:Source><tt:Data>${items(e.data)}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`,
  );
  return envelope(
    `<tev:PullMessagesResponse><tev:CurrentTime>${now.toISOString()}</tev:CurrentTime><tev:TerminationTime>${new Date(now.getTime() + ttlMs).toISOString()}</tev:TerminationTime>${messages.join('')}</tev:PullMessagesResponse>`,
  );
}

export function renewed(now: Date, ttlMs: number): string {
  return envelope(
    `<wsnt:RenewResponse><wsnt:TerminationTime>${new Date(now.getTime() + ttlMs).toISOString()}</wsnt:TerminationTime><wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime></wsnt:RenewResponse>`,
  );
}
