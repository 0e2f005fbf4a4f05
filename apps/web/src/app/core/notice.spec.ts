import { jest } from '@jest/globals';
import { TestBed } from '@angular/core/testing';
import { NzMessageService } from 'ng-zorro-antd/message';
import { Notice } from './notice';

describe('Notice: ng-zorro’s message service, loaded on the first message', () => {
  it('passes each message on, with its duration, once the message service is in', async () => {
    const error = jest.fn();
    const success = jest.fn();
    TestBed.configureTestingModule({
      providers: [{ provide: NzMessageService, useValue: { error, success } }],
    });
    const notice = TestBed.inject(Notice);

    notice.error('出错了', { duration: 8000 });
    notice.success('已保存');
    expect(error).not.toHaveBeenCalled(); // not before the module has loaded
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(error).toHaveBeenCalledWith('出错了', { nzDuration: 8000 });
    expect(success).toHaveBeenCalledWith('已保存', undefined);
  });

  it('without the message service (offline before it was ever loaded), shows the message the plain way', async () => {
    TestBed.configureTestingModule({
      providers: [
        {
          provide: NzMessageService,
          useFactory: () => {
            throw new Error('chunk not on the device');
          },
        },
      ],
    });
    TestBed.inject(Notice).warning('请填写必填项', { duration: 200 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const box = document.querySelector('[data-testid="plain-notice"]');
    expect(box?.textContent).toBe('请填写必填项');
    expect(box?.getAttribute('role')).toBe('alert');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(document.querySelector('[data-testid="plain-notice"]')).toBeNull();
  });
});
